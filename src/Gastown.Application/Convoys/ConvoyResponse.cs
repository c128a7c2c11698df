namespace Gastown.Application.Convoys;

/// <summary>
/// A convoy in a listing: its counts of tracked beads (<see cref="Closed"/> merged, <see cref="Failed"/> cancelled,
/// given up or gone); <see cref="Stranded"/> when it has ready work that nothing runs (computed at read time; its
/// <see cref="Status"/> stays the stored one).
/// </summary>
public sealed record ConvoyResponse(
    Guid Id, string Title, string Status, string Mode, bool Staged, int Total, int Closed, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? LandedAt, DateTimeOffset? ClosedAt = null, ConvoyStrandedResponse? Stranded = null);
