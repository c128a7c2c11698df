using Gastown.Application.Dispatch;
using Gastown.Domain.Agents;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// Keeps the CLI session a polecat's run reports on the agent in its ledger, with the run's bead and branch, as soon as
/// the CLI names it (so it survives a kill -9 of the server); the next run of that agent on the same bead and branch
/// continues it (decision 0027). Written in the background, in order; a late report of an older run changes nothing.
/// </summary>
public sealed partial class AgentSessionRecorder(ILedgerStores ledgers, TimeProvider clock, ILogger<AgentSessionRecorder> logger)
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    /// <summary>Completes when everything reported so far is stored.</summary>
    public Task Flushed
    {
        get { lock (_gate) return _last; }
    }

    /// <summary>Keeps <paramref name="sessionId"/> for the launch's bead and branch; null drops the kept one (a resume the CLI did not take).</summary>
    public void Record(AgentLaunch launch, string? sessionId)
    {
        if (launch.Role != AgentRole.Polecat || launch.BeadId is not { } beadId || launch.Branch is not { } branch) return;
        var session = sessionId is null ? null : new CliSession(sessionId, beadId, branch);
        lock (_gate) _last = _last.ContinueWith(_ => StoreAsync(launch, beadId, session), TaskScheduler.Default).Unwrap();
    }

    private async Task StoreAsync(AgentLaunch launch, Guid beadId, CliSession? session)
    {
        try
        {
            if (!ledgers.Exists(launch.StoreId)) return;
            await using var ledger = await ledgers.OpenAsync(launch.StoreId, LedgerAccess.Write, CancellationToken.None);
            if (await ledger.Agents.GetAsync(launch.AgentId, CancellationToken.None) is not { } agent) return;
            await ledger.SaveAsync(agent.KeepCliSession(launch.Generation, beadId, session, clock.GetUtcNow()), CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(e, launch.AgentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keeping the CLI session of agent {AgentId} failed")]
    private partial void LogFailed(Exception exception, Guid agentId);
}
