namespace Gastown.Domain.Runs;

/// <summary>
/// One entry of a run's transcript: the same parsed events the live view shows (text, tool calls and results, errors,
/// usage, raw output lines and the container's status lines), secrets already taken out.
/// </summary>
public sealed record TranscriptEntry(
    long Sequence,
    DateTimeOffset At,
    string Kind,
    string? Stream,
    string Text,
    IReadOnlyDictionary<string, string>? Detail = null)
{
    /// <summary>The kind of the marker that stands for entries dropped from the start of an over-long transcript.</summary>
    public const string DroppedKind = "dropped";
}
