using Gastown.Domain.Runs;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// The transcript of one run as it happens: every event the live view shows, secrets already taken out, bounded to its
/// last <c>maxBytes</c> (the oldest entries dropped and counted). It is stored while the run goes on (whenever
/// <see cref="Version"/> moved since the last write) and, when the run ends, handed to <c>completed</c> to be stored
/// once more, ended. One id for the run, so each write replaces the last.
/// </summary>
/// <param name="started">Told once, at the first entry (the run's process started).</param>
internal sealed class RunTranscript(AgentLaunch launch, SecretRedactor redactor, long maxBytes, Action<RunTranscript> started, Action<RunTranscript> completed)
{
    // What an entry costs beyond its text (sequence, time, kind, JSON punctuation): so many tiny entries are bounded too.
    private const int EntryOverhead = 64;

    private readonly Lock _gate = new();
    private readonly Queue<(TranscriptEntry Entry, long Bytes)> _entries = new();
    private long _bytes;
    private int _dropped;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;
    private int? _exitCode;
    private long _version;

    public Guid RunId { get; } = Guid.NewGuid();

    /// <summary>Raised by every entry: a writer compares it with the one it stored last.</summary>
    public long Version => Interlocked.Read(ref _version);

    public AgentLaunch Launch => launch;

    public SecretRedactor Redactor => redactor;

    public void Add(AgentEvent agentEvent)
    {
        var entry = new TranscriptEntry(agentEvent.Sequence, agentEvent.At, agentEvent.Kind, agentEvent.Stream, agentEvent.Text, agentEvent.Detail);
        var bytes = SizeOf(entry);
        bool first;
        lock (_gate)
        {
            first = _startedAt is null;
            _startedAt ??= agentEvent.At;
            _entries.Enqueue((entry, bytes));
            _bytes += bytes;
            while (_bytes > maxBytes && _entries.Count > 1)
            {
                _bytes -= _entries.Dequeue().Bytes;
                _dropped++;
            }
            _version++;
        }
        if (first) started(this);
    }

    /// <summary>The run ended (its last status event): the transcript goes to be stored.</summary>
    public void Complete(int exitCode, AgentEvent ended)
    {
        Add(ended);
        lock (_gate)
        {
            _exitCode = exitCode;
            _endedAt = ended.At;
        }
        completed(this);
    }

    /// <summary>The run so far (ended or not) and its entries, a marker first when entries were dropped; with the version it is.</summary>
    public (AgentRun Run, IReadOnlyList<TranscriptEntry> Entries, long Version) Snapshot()
    {
        lock (_gate)
        {
            List<TranscriptEntry> entries = [.. _entries.Select(kept => kept.Entry)];
            var first = entries[0];
            if (_dropped > 0)
                entries.Insert(0, new TranscriptEntry(first.Sequence - 1, first.At, TranscriptEntry.DroppedKind, null,
                    $"{_dropped} earlier entries dropped: a run's transcript keeps its last {maxBytes} bytes"));
            var run = new AgentRun(RunId, launch.AgentId, launch.Name, launch.Generation, null,
                _startedAt ?? first.At, _endedAt, _exitCode, entries.Count, _dropped, _bytes);
            return (run, entries, _version);
        }
    }

    private static long SizeOf(TranscriptEntry entry) =>
        EntryOverhead + Encoding.UTF8.GetByteCount(entry.Text)
        + (entry.Detail?.Sum(field => Encoding.UTF8.GetByteCount(field.Key) + Encoding.UTF8.GetByteCount(field.Value)) ?? 0);
}
