namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Git work on an agent's branch, sent to the node holding its worktree on the internal API (commit what it left,
/// check for changes, delete a kept branch). <paramref name="Message"/> is the commit message of a commit-pending.
/// </summary>
public sealed record InternalBranchCall(RepositoryRef Repository, string Branch, string? Message = null)
{
    // The repository may carry credentials.
    public override string ToString() => $"InternalBranchCall {{ Branch = {Branch} }}";
}
