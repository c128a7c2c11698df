namespace Gastown.Application.Dispatch;

/// <summary>A polecat for new work, and whether it was just registered (so a rolled-back caller can release its name).</summary>
public sealed record AcquiredPolecat(Agent Agent, bool IsNew);
