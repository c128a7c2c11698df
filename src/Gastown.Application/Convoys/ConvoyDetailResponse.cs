namespace Gastown.Application.Convoys;

/// <summary>
/// A convoy with its beads (each with its rig, status, agent and unmerged blockers), its dependency edges, and why it is
/// stranded (<see cref="ConvoyResponse.Stranded"/>).
/// </summary>
public sealed record ConvoyDetailResponse(
    Guid Id, string Title, string Status, string Mode, bool Staged, int Total, int Closed, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? LandedAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<ConvoyBeadResponse> Beads, IReadOnlyList<ConvoyEdgeResponse> Edges, ConvoyStrandedResponse? Stranded = null);
