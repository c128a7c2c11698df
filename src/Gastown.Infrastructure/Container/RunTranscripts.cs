using Gastown.Domain.Agents;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Keeps the polecats' runs: each run's transcript is collected as it happens (<see cref="RunTranscript"/>), written to
/// its rig's ledger by the node that runs it every <see cref="TranscriptOptions.FlushInterval"/> while it runs (when it
/// grew since), and once more when it ends, with the rig's retention applied. So a run cut off by a kill -9 of the server
/// is still listed, its transcript up to its last write readable. Storing never holds back the agent: it runs in the
/// background, one write after another.
/// </summary>
public sealed partial class RunTranscripts : IDisposable
{
    private readonly ILedgerStores _ledgers;
    private readonly TranscriptOptions _options;
    private readonly ILogger<RunTranscripts> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<RunTranscript, long> _running = new();
    private readonly ITimer? _timer;
    private Task _last = Task.CompletedTask;

    public RunTranscripts(ILedgerStores ledgers, IOptions<TranscriptOptions> options, ILogger<RunTranscripts> logger, TimeProvider time)
    {
        _ledgers = ledgers;
        _options = options.Value;
        _logger = logger;
        if (_options.FlushInterval > TimeSpan.Zero)
            _timer = time.CreateTimer(_ => FlushRunning(), null, _options.FlushInterval, _options.FlushInterval);
    }

    /// <summary>Completes when every write asked for so far (runs ended, runs in flight) is done.</summary>
    public Task Flushed
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>The transcript of a run about to start (null: runs of this role are not kept), redacting <paramref name="redactor"/>'s secrets.</summary>
    internal RunTranscript? Begin(AgentLaunch launch, SecretRedactor redactor)
    {
        if (launch.Role != AgentRole.Polecat) return null;
        // In flight from its first entry (its process started) until it ends; version 0 stands for "not written yet".
        return new RunTranscript(launch, redactor, Math.Max(1024, _options.MaxBytesPerRun), started => _running[started] = 0, Ended);
    }

    /// <summary>Writes every run in flight whose transcript grew since its last write (the timer's tick; tests call it).</summary>
    internal void FlushRunning()
    {
        foreach (var (transcript, stored) in _running)
        {
            if (transcript.Version == stored) continue;
            Store(transcript);
        }
    }

    private void Ended(RunTranscript transcript)
    {
        _running.TryRemove(transcript, out _);
        Store(transcript);
    }

    private void Store(RunTranscript transcript)
    {
        lock (_gate) _last = _last.ContinueWith(_ => StoreAsync(transcript), TaskScheduler.Default).Unwrap();
    }

    private async Task StoreAsync(RunTranscript transcript)
    {
        var storeId = transcript.Launch.StoreId;
        try
        {
            if (!_ledgers.Exists(storeId)) return;
            var (run, entries, version) = transcript.Snapshot();
            // A write in flight that an earlier one already covered (same version) is skipped; an ended run is always written.
            var stored = 0L;
            if (run.EndedAt is null && (!_running.TryGetValue(transcript, out stored) || stored == version)) return;
            await using var ledger = await _ledgers.OpenAsync(storeId, LedgerAccess.Write, CancellationToken.None);
            await ledger.Runs.SaveAsync(run, entries, _options.RunsPerRig, CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
            if (run.EndedAt is null) _running.TryUpdate(transcript, version, stored);
        }
        catch (Exception e)
        {
            LogFailed(e, transcript.Launch.AgentId, transcript.Launch.Generation);
        }
    }

    public void Dispose() => _timer?.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the transcript of agent {AgentId}'s run {Generation} failed")]
    private partial void LogFailed(Exception exception, Guid agentId, int generation);
}
