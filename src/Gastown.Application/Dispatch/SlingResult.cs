namespace Gastown.Application.Dispatch;

/// <summary>The new bead, the polecat it is hooked to (null when queued), and whether it waits for a free polecat.</summary>
public sealed record SlingResult(Bead Bead, Agent? Agent, bool Queued);
