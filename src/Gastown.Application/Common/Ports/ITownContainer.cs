namespace Gastown.Application.Common.Ports;

/// <summary>
/// The town's runtime for agent processes. Calls may be slow (clone, merge), so only the alarm calls it; the HTTP
/// API never waits on it.
/// </summary>
public interface ITownContainer
{
    /// <summary>
    /// Starts the agent's process for this dispatch and answers its process id. The same agent already running
    /// this generation counts as started; a process of an older generation is stopped first.
    /// </summary>
    Task<Result<int>> StartAgentAsync(AgentLaunch launch, CancellationToken ct);

    /// <summary>Stops the agent's whole process tree (after a short grace period); returns without waiting for it.</summary>
    Task StopAgentAsync(Guid agentId, CancellationToken ct);

    /// <summary>Hands a message to the agent's running process. NotFound when it is not running.</summary>
    Task<Result> SendMessageAsync(Guid agentId, string message, CancellationToken ct);

    AgentProcessStatus GetStatus(Guid agentId);

    /// <summary>
    /// Merges the branch into the up-to-date default branch (--no-ff), runs the request's gates, and pushes when they
    /// all pass (and the request asks for a push). Success carries the outcome: the pushed commit, or none when a gate
    /// failed (see <see cref="MergeOutcome.FailedGate"/>) or the request only checked. Conflict means the branches
    /// conflict (nothing was pushed); NotFound means the branch is nowhere (its worktree was lost with a dead node before
    /// it was pushed), so there is nothing to merge; Unavailable means the node holding the agent's worktree did not answer (worth a
    /// retry that does not count as an attempt); Error is anything else, worth a retry. A merge the remote already
    /// holds (pushed by a run that died before it was recorded) is answered as merged, never made twice.
    /// </summary>
    Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct);

    /// <summary>
    /// Commits what an agent left uncommitted in the worktree of <paramref name="branch"/> (respecting .gitignore and
    /// the excluded per-run files); answers whether a commit was made. No worktree: nothing to commit.
    /// <paramref name="nodeId"/> is the cluster node holding the worktree (the agent's node): the call runs there, as do
    /// the merge and the other branch calls (null or a dead node: here).
    /// </summary>
    Task<Result<bool>> CommitPendingAsync(string? nodeId, RepositoryRef repository, string branch, string message, CancellationToken ct) =>
        Task.FromResult(Result<bool>.Success(false));

    /// <summary>Whether <paramref name="branch"/> has commits the rig's default branch has not.</summary>
    Task<Result<bool>> HasBranchChangesAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct) =>
        Task.FromResult(Result<bool>.Success(false));

    /// <summary>
    /// Deletes a kept branch whose bead is closed or cancelled: its worktree, the branch on the remote and in the rig's
    /// clone. Success when it is gone from all of them (including when it was never there). Never the default branch.
    /// The caller decides that the branch may go; this only removes it.
    /// </summary>
    Task<Result> DeleteBranchAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct) =>
        Task.FromResult(Result.Unavailable("this container does not delete branches"));
}
