namespace Gastown.Application.Convoys;

/// <summary>
/// A convoy with its beads (each with its rig, status, agent and unmerged blockers), its dependency edges, why it is
/// stranded (<see cref="ConvoyResponse.Stranded"/>); in land mode its feature branch and, per rig, the landing merge
/// (<see cref="Landing"/>; empty in direct mode).
/// </summary>
public sealed record ConvoyDetailResponse(
    Guid Id, string Title, string Status, string Mode, bool Staged, int Total, int Closed, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? LandedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<ConvoyBeadResponse> Beads, IReadOnlyList<ConvoyEdgeResponse> Edges, ConvoyStrandedResponse? Stranded = null,
    string? FeatureBranch = null, IReadOnlyList<ConvoyLandingResponse>? Landing = null);
