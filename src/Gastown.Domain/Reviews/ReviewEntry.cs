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
}
