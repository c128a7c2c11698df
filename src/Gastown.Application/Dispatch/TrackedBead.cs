namespace Gastown.Application.Dispatch;

/// <summary>A convoy's member and the bead its rig holds (null: deleted since).</summary>
public sealed record TrackedBead(ConvoyBead Member, Bead? Bead)
{
    public bool IsClosed => Bead?.Status == BeadStatus.Closed;

    /// <summary>Failed: cancelled, given up (escalated), or gone. Its dependents stay blocked.</summary>
    public bool IsFailed => Bead is null || Bead.Status == BeadStatus.Cancelled || (Bead.EscalatedAt is not null && !Bead.IsTerminal);
}
