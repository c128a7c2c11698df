using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Keeps the polecats' runs: each run's transcript is collected as it happens (<see cref="RunTranscript"/>) and, when
/// the run ends, stored in its rig's ledger by the node that ran it, with the rig's retention applied. Storing never
/// holds back the agent: it runs in the background, one store after another.
/// </summary>
public sealed partial class RunTranscripts(ILedgerStores ledgers, IOptions<TranscriptOptions> options, ILogger<RunTranscripts> logger)
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Completes when every run ended so far is stored.</summary>
    public Task Flushed
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>The transcript of a run about to start (null: runs of this role are not kept), redacting <paramref name="redactor"/>'s secrets.</summary>
    internal RunTranscript? Begin(AgentLaunch launch, SecretRedactor redactor) =>
        launch.Role == AgentRole.Polecat ? new RunTranscript(launch, redactor, Math.Max(1024, options.Value.MaxBytesPerRun), Store) : null;

    private void Store(RunTranscript transcript)
    {
        lock (_gate) _last = _last.ContinueWith(_ => StoreAsync(transcript), TaskScheduler.Default).Unwrap();
    }

    private async Task StoreAsync(RunTranscript transcript)
    {
        var storeId = transcript.Launch.StoreId;
        try
        {
            if (!ledgers.Exists(storeId)) return;
            var (run, entries) = transcript.Snapshot();
            await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, CancellationToken.None);
            await ledger.Runs.InsertAsync(run, entries, options.Value.RunsPerRig, CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(e, transcript.Launch.AgentId, transcript.Launch.Generation);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the transcript of agent {AgentId}'s run {Generation} failed")]
    private partial void LogFailed(Exception exception, Guid agentId, int generation);
}
