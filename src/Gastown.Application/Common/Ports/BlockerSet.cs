namespace Gastown.Application.Common.Ports;

/// <summary>The complete list of blockers of one bead.</summary>
public sealed record BlockerSet(BeadNode Bead, IReadOnlyList<BlockerRef> Blockers);
