namespace Gastown.Application.Common.Ports;

/// <summary>A rig's repository, as the container needs it to clone, branch and merge.</summary>
public sealed record RepositoryRef(Guid RigId, string GitUrl, string DefaultBranch, GitCredentials? Credentials = null);
