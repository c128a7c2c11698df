namespace Gastown.Application.Common.Ports;

/// <summary>A rig's own git credentials as stored: the token only as Data Protection ciphertext.</summary>
public sealed record StoredGitCredentials(string Username, string TokenProtected);
