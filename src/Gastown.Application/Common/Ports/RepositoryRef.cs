namespace Gastown.Application.Common.Ports;

/// <summary>A rig's repository, as the container needs it to clone, branch and merge.</summary>
/// <param name="TownId">The rig's town, when known: its gates run under the town's limits.</param>
/// <param name="CreateFrom">
/// Set when <paramref name="DefaultBranch"/> is a land-mode convoy's feature branch standing in for the rig's default
/// branch (polecats branch from it, their merges go into it): the rig's real default branch, from which the container
/// creates the feature branch on the remote when it is not there yet (decision 0029).
/// </param>
public sealed record RepositoryRef(
    Guid RigId, string GitUrl, string DefaultBranch, GitCredentials? Credentials = null, Guid TownId = default, string? CreateFrom = null)
{
    /// <summary>This repository working on <paramref name="featureBranch"/> instead of its default branch (created from it when missing).</summary>
    public RepositoryRef OnFeatureBranch(string featureBranch) => this with { DefaultBranch = featureBranch, CreateFrom = CreateFrom ?? DefaultBranch };
}
