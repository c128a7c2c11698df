namespace Gastown.Application.Common.Ports;

/// <summary>
/// A merge of a polecat branch into the default branch. <paramref name="Gates"/> run (argument lists, in order, in
/// the merge worktree, each within <paramref name="GateTimeout"/>, with <paramref name="Environment"/> on top of a
/// scrubbed environment) before anything is pushed. <paramref name="Push"/> false only checks: merge and gates, no
/// push (approve mode). <paramref name="DeleteBranch"/> deletes the branch, remote and local, once the push is
/// confirmed on the remote. <paramref name="GatesPassedOn"/>: the default-branch commit the gates already passed on
/// (an approved entry); when the default branch is still there, they are not run again. <paramref name="NodeId"/>:
/// the cluster node holding the branch's worktree (the node of the run that finished it); the merge runs there, where
/// any commit the agent did not push is (null, this node, or a dead node: here, from what the remote holds).
/// </summary>
public sealed record MergeRequest(
    RepositoryRef Repository,
    string Branch,
    string CommitMessage,
    IReadOnlyList<IReadOnlyList<string>>? Gates = null,
    TimeSpan? GateTimeout = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    bool Push = true,
    bool DeleteBranch = false,
    string? GatesPassedOn = null,
    string? NodeId = null)
{
    // The environment may carry the town's secrets.
    public override string ToString() => $"MergeRequest {{ Branch = {Branch}, Gates = {Gates?.Count ?? 0}, Push = {Push} }}";
}
