namespace Gastown.Application.Beads;

/// <summary>
/// A page of a run's transcript, oldest first: its entries after the asked sequence; <see cref="NextAfter"/> is what to
/// ask for next (null on the last page).
/// </summary>
public sealed record TranscriptPage(AgentRunResponse Run, IReadOnlyList<TranscriptEntryResponse> Entries, long? NextAfter);
