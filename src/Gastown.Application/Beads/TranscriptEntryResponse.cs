using Gastown.Domain.Runs;

namespace Gastown.Application.Beads;

/// <summary>
/// One entry of a stored transcript, shaped like the live stream's events: <c>kind</c> is output, status, text,
/// tool_call, tool_result, error, usage (or dropped: the marker of entries dropped from the start of a long run).
/// </summary>
public sealed record TranscriptEntryResponse(long Seq, DateTimeOffset At, string Kind, string? Stream, string Text, IReadOnlyDictionary<string, string>? Detail)
{
    public static TranscriptEntryResponse From(TranscriptEntry entry) => new(entry.Sequence, entry.At, entry.Kind, entry.Stream, entry.Text, entry.Detail);
}
