namespace Gastown.Application.Reviews;

/// <summary>A review-queue entry (a finished branch waiting for its merge) as the API shows it.</summary>
public sealed record ReviewResponse(
    Guid Id,
    Guid AgentId,
    Guid BeadId,
    string Branch,
    string? Summary,
    string Status,
    int Attempts,
    string? MergeCommit,
    string? Message,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<GateResultResponse>? Gates = null,
    string? BaseCommit = null,
    string? Feedback = null,
    DateTimeOffset? BranchDeletedAt = null)
{
    public static ReviewResponse From(ReviewEntry entry) => new(
        entry.Id, entry.AgentId, entry.BeadId, entry.Branch, entry.Summary, entry.Status.ToText(), entry.Attempts,
        entry.MergeCommit, entry.Message, entry.CreatedAt, entry.UpdatedAt, GateResultResponse.From(entry.Gates), entry.BaseCommit, entry.Feedback,
        entry.BranchDeletedAt);

    public static IReadOnlyList<ReviewResponse> From(IEnumerable<ReviewEntry> entries) => [.. entries.Select(From)];
}
