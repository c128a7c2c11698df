namespace Gastown.Application.Dispatch;

/// <summary>The blockers of a bead being slung, in its town (decision 0025).</summary>
public sealed record SlingBlockers(Guid TownId, IReadOnlyList<BlockerRef> Blockers);
