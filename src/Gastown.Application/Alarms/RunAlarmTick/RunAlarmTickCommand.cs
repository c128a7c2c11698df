using System.Diagnostics;
using Gastown.Application.Common.Telemetry;
using Gastown.Application.Dispatch.Phases;
using Microsoft.Extensions.Logging;

namespace Gastown.Application.Alarms.RunAlarmTick;

/// <summary>One firing of a store's alarm, sent by its Quartz job as the system actor.</summary>
public sealed record RunAlarmTickCommand(Guid StoreId) : ICommand<Result<AlarmTickReport>>, ISystemRequest;

/// <summary>What a tick did, for logs and tests.</summary>
public sealed record AlarmTickReport(
    int Restarted, int Stalled, int Assigned, int Dispatched, int DispatchFailed, int Merged, int MergeFailed,
    IReadOnlyList<string> FailedPhases, DateTimeOffset? NextAlarm);

/// <summary>
/// The scheduler: patrol, schedule, mayor, review, dependencies, then re-arm. Each phase is isolated, so one failing never stops the
/// others or the re-arm; the next due time is derived from the store's state in the same transaction that
/// records it.
/// </summary>
internal sealed class RunAlarmTickHandler(
    ILedgerStores ledgers,
    PatrolPhase patrol,
    SchedulePhase schedule,
    MayorPhase mayor,
    ReviewPhase review,
    Dispatch.Dependencies dependencies,
    IOptions<GastownOptions> options,
    TimeProvider clock,
    ILogger<RunAlarmTickHandler> logger,
    ITownManagement management,
    Common.Alarms.AlarmTickLog tickLog,
    IGastownMetrics metrics) : ICommandHandler<RunAlarmTickCommand, Result<AlarmTickReport>>
{
    public async ValueTask<Result<AlarmTickReport>> Handle(RunAlarmTickCommand command, CancellationToken cancellationToken)
    {
        if (!ledgers.Exists(command.StoreId))
        {
            metrics.StoreRemoved(command.StoreId);
            return Result.NotFound("No such store.");
        }
        // A store being deleted dispatches nothing more; its clean-up runs in the background.
        if (await management.IsPendingDeletionAsync(command.StoreId, cancellationToken))
        {
            metrics.StoreRemoved(command.StoreId);
            return Result.NotFound("The store is being deleted.");
        }

        using var span = GastownTracing.Start("alarm.tick", command.StoreId);
        var tally = new TickTally();
        // A tick of a quiet store (a watchdog tick, or the one after the last work ended) costs one write session with
        // one indexed read: nothing is in flight, so no phase has anything to do; it re-arms and returns.
        if (await RearmIfQuietAsync(command.StoreId, cancellationToken) is { } quiet)
        {
            tickLog.Record(command.StoreId, clock.GetUtcNow(), false, tally.FailedPhases, 0, 0, 0);
            return new AlarmTickReport(0, 0, 0, 0, 0, 0, 0, tally.FailedPhases, quiet.Next);
        }

        await RunPhaseAsync("patrol", () => patrol.RunAsync(command.StoreId, tally, cancellationToken), tally);
        await RunPhaseAsync("schedule", () => schedule.RunAsync(command.StoreId, tally, cancellationToken), tally);
        await RunPhaseAsync("mayor", () => mayor.RunAsync(command.StoreId, tally, cancellationToken), tally);
        await RunPhaseAsync("review", () => review.RunAsync(command.StoreId, tally, cancellationToken), tally);
        // Right after the merges: a blocker merged in this tick releases its dependents now, in every rig (decision 0025).
        await RunPhaseAsync("dependencies", async () => tally.MoreWorkNow |= await dependencies.RunAsync(command.StoreId, cancellationToken), tally);
        var next = await RearmAsync(command.StoreId, tally.MoreWorkNow, cancellationToken);
        tickLog.Record(command.StoreId, clock.GetUtcNow(), true, tally.FailedPhases, tally.Dispatched, tally.DispatchFailed, tally.Merged);

        return new AlarmTickReport(tally.Restarted, tally.Stalled, tally.Assigned, tally.Dispatched, tally.DispatchFailed,
            tally.Merged, tally.MergeFailed, tally.FailedPhases, next);
    }

    private async Task RunPhaseAsync(string phase, Func<Task> run, TickTally tally)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await run();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            failed = true;
            tally.FailedPhases.Add(phase);
            logger.LogError(exception, "Alarm phase {Phase} failed", phase);
        }
        finally
        {
            // Wall time, not the injected clock: this measures the work, while the clock may be a test's fake.
            metrics.TickPhase(phase, Stopwatch.GetElapsedTime(started), failed);
        }
    }

    /// <summary>
    /// When nothing is in flight: re-arms the quiet store (the watchdog, or nothing) in the same write session as the
    /// check, and answers its next due time; else null, having written nothing. The bead-count snapshot of the metrics
    /// is taken on the store's first tick in this process only: a quiet store's counts are those its last active tick
    /// left, and counting every bead of every quiet store is what made a watchdog tick cost milliseconds.
    /// </summary>
    private async Task<QuietTick?> RearmIfQuietAsync(Guid storeId, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if ((await ledger.GetActivityAsync(ct)).HasActiveWork) return null;
        if (tickLog.Last(storeId) is null)
            metrics.BeadSnapshot(ledger.Identity.TownId, storeId, await ledger.Beads.CountByStatusAsync(ct));
        var next = NextAlarm(active: false);
        await ledger.Alarm.ReplaceAsync(next, ct);
        await ledger.CommitAsync(ct);
        return new QuietTick(next);
    }

    private sealed record QuietTick(DateTimeOffset? Next);

    private DateTimeOffset? NextAlarm(bool active)
    {
        var alarm = options.Value.Alarm;
        return active ? clock.GetUtcNow() + alarm.ActiveInterval
            : alarm.IdleInterval is { } idle ? clock.GetUtcNow() + idle + idle * (Random.Shared.NextDouble() / 10)
            : null;
    }

    /// <summary>Now when a phase left work it could do at once; soon while anything is in flight; else the watchdog if one is configured (with a little jitter), else none.</summary>
    private async Task<DateTimeOffset?> RearmAsync(Guid storeId, bool moreWorkNow, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        var activity = await ledger.GetActivityAsync(ct);
        // The store is open anyway: its bead counts refresh the metrics' snapshot at no extra open.
        metrics.BeadSnapshot(ledger.Identity.TownId, storeId, await ledger.Beads.CountByStatusAsync(ct));
        var next = moreWorkNow ? clock.GetUtcNow() : NextAlarm(activity.HasActiveWork);
        await ledger.Alarm.ReplaceAsync(next, ct);
        await ledger.CommitAsync(ct);
        return next;
    }
}
