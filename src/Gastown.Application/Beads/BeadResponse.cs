namespace Gastown.Application.Beads;

/// <summary>
/// A bead as the API shows it (listBeads, sling, getRig, the agent and mayor tools). The wire contract: a rename in
/// the domain does not change it. Enum values are their lowercase words (<c>in_progress</c>, <c>merge_request</c>).
/// </summary>
public sealed record BeadResponse(
    Guid Id,
    string Type,
    string Status,
    string Title,
    string? Body,
    string Priority,
    Guid? AssigneeAgentId,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, string> Metadata,
    int DispatchAttempts,
    DateTimeOffset? LastDispatchAttemptAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? LastError = null,
    DateTimeOffset? NextAttemptAt = null,
    BeadUsageResponse? Usage = null,
    int ReviewRounds = 0,
    string? PausedReason = null,
    DateTimeOffset? RateLimitedUntil = null,
    Guid? ConvoyId = null,
    IReadOnlyList<Guid>? DependsOn = null,
    IReadOnlyList<Guid>? BlockedBy = null,
    IReadOnlyList<BlockerResponse>? Blockers = null,
    bool Held = false)
{
    /// <summary>
    /// The bead as its row has it. <see cref="DependsOn"/>/<see cref="BlockedBy"/> come from the dependency graph:
    /// empty here, filled by <see cref="BeadLinks"/> (every handler that answers beads to a user passes them through it).
    /// </summary>
    public static BeadResponse From(Bead bead) => new(
        bead.Id, bead.Type.ToText(), bead.Status.ToText(), bead.Title, bead.Body, bead.Priority.ToText(),
        bead.AssigneeAgentId, bead.Labels, bead.Metadata, bead.DispatchAttempts, bead.LastDispatchAttemptAt,
        bead.EscalatedAt, bead.CreatedAt, bead.UpdatedAt, bead.ClosedAt, bead.LastError, bead.NextAttemptAt,
        ReviewRounds: bead.ReviewRounds, PausedReason: bead.PausedReason, RateLimitedUntil: bead.RateLimitedUntil,
        ConvoyId: bead.ConvoyId, DependsOn: [], BlockedBy: [], Blockers: [], Held: bead.Held);

    public static IReadOnlyList<BeadResponse> From(IEnumerable<Bead> beads) => [.. beads.Select(From)];
}
