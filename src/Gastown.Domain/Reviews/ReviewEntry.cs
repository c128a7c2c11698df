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
    DateTimeOffset UpdatedAt)
{
    public static ReviewEntry New(Guid agentId, Guid beadId, string branch, string? summary, DateTimeOffset now) =>
        new(Guid.NewGuid(), agentId, beadId, branch, summary, ReviewStatus.Pending, 0, null, null, now, now);

    /// <summary>Taken for a merge attempt (at most one runs per store at a time).</summary>
    public ReviewEntry Claim(DateTimeOffset now) => this with { Status = ReviewStatus.Running, Attempts = Attempts + 1, UpdatedAt = now };

    /// <summary>Back in the queue: a passing fault, or left running by a crash.</summary>
    public ReviewEntry Requeue(string? message, DateTimeOffset now) => this with { Status = ReviewStatus.Pending, Message = message, UpdatedAt = now };

    public ReviewEntry Merged(string commit, DateTimeOffset now) =>
        this with { Status = ReviewStatus.Merged, MergeCommit = commit, Message = null, UpdatedAt = now };

    public ReviewEntry Failed(string message, DateTimeOffset now) => this with { Status = ReviewStatus.Failed, Message = message, UpdatedAt = now };
}
