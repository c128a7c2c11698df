namespace Gastown.Domain.Rigs;

/// <summary>The last reachability check of a rig's repository (git ls-remote with its credentials).</summary>
public sealed record RigHealth(RigHealthStatus Status, string? Reason, DateTimeOffset CheckedAt);
