namespace Gastown.Domain.Reviews;

/// <summary>A finished branch waiting to be merged into the rig's default branch.</summary>
public sealed record ReviewEntry(
    Guid Id,
    Guid AgentId,
    Guid BeadId,
    string Branch,
    string? Summary,
    ReviewStatus Status,
    int Attempts,
    string? MergeCommit,
    string? Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<GateResult>? Gates = null,
    string? BaseCommit = null,
    string? Feedback = null,
    DateTimeOffset? BranchDeletedAt = null,
    string? NodeId = null)
{
    /// <param name="nodeId">The cluster node of the run that finished the branch, where its worktree is (null: alone).</param>
    public static ReviewEntry New(Guid agentId, Guid beadId, string branch, string? summary, DateTimeOffset now, string? nodeId = null) =>
        new(Guid.NewGuid(), agentId, beadId, branch, summary, ReviewStatus.Pending, 0, null, null, now, now, NodeId: nodeId);

    /// <summary>
    /// A land-mode convoy's landing merge in one rig: its feature branch into the rig's default branch, through the
    /// rig's review like any branch. It has no bead and no agent: its id and its bead id are both the convoy's id, so
    /// a rig holds at most one landing entry per convoy (created once, whatever ticks race; decision 0029).
    /// </summary>
    public static ReviewEntry Landing(Guid convoyId, string featureBranch, string summary, DateTimeOffset now) =>
        new(convoyId, Guid.Empty, convoyId, featureBranch, summary, ReviewStatus.Pending, 0, null, null, now, now);

    /// <summary>A convoy's landing merge (see <see cref="Landing"/>), not a polecat's branch.</summary>
    public bool IsLanding => Id == BeadId && AgentId == Guid.Empty;

    /// <summary>Taken for a merge attempt (at most one runs per store at a time).</summary>
    public ReviewEntry Claim(DateTimeOffset now) => this with { Status = ReviewStatus.Running, Attempts = Attempts + 1, UpdatedAt = now };

    /// <summary>Back in the queue: a passing fault, or left running by a crash.</summary>
    public ReviewEntry Requeue(string? message, DateTimeOffset now) => this with { Status = ReviewStatus.Pending, Message = message, UpdatedAt = now };

    /// <summary>
    /// Back in the queue without spending the attempt just claimed: the merge could not run at all (the node holding
    /// the branch's worktree did not answer), which says nothing about the branch.
    /// </summary>
    public ReviewEntry Postpone(string? message, DateTimeOffset now) => Requeue(message, now) with { Attempts = Math.Max(0, Attempts - 1) };

    public ReviewEntry Merged(string commit, DateTimeOffset now) =>
        this with { Status = ReviewStatus.Merged, MergeCommit = commit, Message = null, UpdatedAt = now };

    /// <summary>A landing merge with nothing to merge (the feature branch holds nothing the default branch lacks): done, no commit.</summary>
    public ReviewEntry NothingToLand(DateTimeOffset now) =>
        this with { Status = ReviewStatus.Merged, MergeCommit = null, Message = "nothing to land", UpdatedAt = now };

    public ReviewEntry Failed(string message, DateTimeOffset now) => this with { Status = ReviewStatus.Failed, Message = message, UpdatedAt = now };

    /// <summary>A gate failed on the merge of this branch onto <paramref name="baseCommit"/>: nothing was pushed.</summary>
    public ReviewEntry GateFailed(IReadOnlyList<GateResult> gates, string baseCommit, DateTimeOffset now)
    {
        var failed = gates.First(gate => !gate.Passed);
        return this with
        {
            Status = ReviewStatus.ChangesRequested, Gates = gates, BaseCommit = baseCommit, Feedback = failed.Describe(),
            Message = $"gate `{failed.CommandText}` {(failed.TimedOut ? "timed out" : "failed")}", UpdatedAt = now,
        };
    }

    /// <summary>
    /// The branch has no commit beyond <paramref name="baseCommit"/> (the default branch): nothing to merge, which is
    /// not a merge. Changes are requested with <paramref name="feedback"/>; nothing was pushed.
    /// </summary>
    public ReviewEntry NoChanges(string baseCommit, string feedback, DateTimeOffset now) =>
        this with { Status = ReviewStatus.ChangesRequested, BaseCommit = baseCommit, Feedback = feedback, Message = "no changes on the branch", UpdatedAt = now };

    /// <summary>Approve mode: the gates passed on <paramref name="baseCommit"/>; a person decides.</summary>
    public ReviewEntry AwaitApproval(IReadOnlyList<GateResult> gates, string baseCommit, DateTimeOffset now) =>
        this with { Status = ReviewStatus.AwaitingApproval, Gates = gates, BaseCommit = baseCommit, Message = null, UpdatedAt = now };

    public bool IsAwaitingApproval => Status == ReviewStatus.AwaitingApproval;

    /// <summary>A person approved: the next tick merges (re-running the gates when the default branch moved).</summary>
    public ReviewEntry Approve(DateTimeOffset now) => this with { Status = ReviewStatus.Approved, UpdatedAt = now };

    /// <summary>A person rejected the branch with <paramref name="feedback"/>.</summary>
    public ReviewEntry Reject(string feedback, DateTimeOffset now) =>
        this with { Status = ReviewStatus.ChangesRequested, Feedback = feedback, Message = "changes requested by a reviewer", UpdatedAt = now };

    /// <summary>
    /// Whether this entry's branch is one Gastown kept but may now delete (failed or changes requested, not yet
    /// deleted); the caller also checks that the bead is closed or cancelled and the branch was never merged.
    /// </summary>
    public bool KeepsUnmergedBranch => Status is ReviewStatus.Failed or ReviewStatus.ChangesRequested && BranchDeletedAt is null;

    /// <summary>Whether the entry still waits for, or is in, a merge (its branch must stay).</summary>
    public bool IsInFlight => Status is ReviewStatus.Pending or ReviewStatus.Running or ReviewStatus.AwaitingApproval or ReviewStatus.Approved;

    /// <summary>Its bead is closed or cancelled and its kept branch was deleted, remote and local.</summary>
    public ReviewEntry BranchDeleted(DateTimeOffset now) => this with { BranchDeletedAt = now, UpdatedAt = now };
}
