namespace Gastown.Application.Common.Ports;

/// <summary>A rig's repository, as the container needs it to clone, branch and merge.</summary>
/// <param name="TownId">The rig's town, when known: its gates run under the town's limits.</param>
public sealed record RepositoryRef(Guid RigId, string GitUrl, string DefaultBranch, GitCredentials? Credentials = null, Guid TownId = default);
