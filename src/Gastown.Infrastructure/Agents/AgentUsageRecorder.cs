using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// Stores the usage a CLI reports as it streams it, on the run's ledger store (summed per run; the bead is the one the
/// run was dispatched for). Recording never holds back the agent's output: each report is written in the background.
/// </summary>
public sealed partial class AgentUsageRecorder(ILedgerStores ledgers, TimeProvider clock, ILogger<AgentUsageRecorder> logger,
    IGastownMetrics? metrics = null)
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Completes when everything reported so far is stored.</summary>
    public Task Flushed
    {
        get { lock (_gate) return _last; }
    }

    /// <param name="preset">The preset that ran (metrics label); null: not counted in the metrics.</param>
    public void Record(AgentLaunch launch, AgentUsage usage, string? preset = null)
    {
        if (usage.IsEmpty) return;
        var run = new AgentRunUsage(launch.AgentId, launch.Generation, null,
            new TokenUsage(usage.InputTokens, usage.OutputTokens, usage.CachedTokens, usage.CostUsd), clock.GetUtcNow());
        if (preset is not null) metrics?.Usage(launch.TownId, launch.StoreId, preset, run.Usage);
        lock (_gate) _last = _last.ContinueWith(_ => StoreAsync(launch.StoreId, run), TaskScheduler.Default).Unwrap();
    }

    private async Task StoreAsync(Guid storeId, AgentRunUsage run)
    {
        try
        {
            if (!ledgers.Exists(storeId)) return;
            await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, CancellationToken.None);
            await ledger.Usage.AddAsync(run, CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(e, run.AgentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the usage of agent {AgentId} failed")]
    private partial void LogFailed(Exception exception, Guid agentId);
}
