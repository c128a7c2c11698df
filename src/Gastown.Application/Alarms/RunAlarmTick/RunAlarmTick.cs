using Ardalis.Result;
using System.Diagnostics;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Telemetry;
using Gastown.Application.Dispatch.Phases;
using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gastown.Application.Alarms.RunAlarmTick;

/// <summary>One firing of a store's alarm, sent by its Quartz job as the system actor.</summary>
public sealed record RunAlarmTick(Guid StoreId) : ICommand<Result<AlarmTickReport>>;

/// <summary>What a tick did, for logs and tests.</summary>
public sealed record AlarmTickReport(
    int Restarted, int Stalled, int Assigned, int Dispatched, int DispatchFailed, int Merged, int MergeFailed,
    IReadOnlyList<string> FailedPhases, DateTimeOffset? NextAlarm);

/// <summary>
/// The scheduler: patrol, schedule, mayor, review, then re-arm. Each phase is isolated, so one failing never stops the
/// others or the re-arm; the next due time is derived from the store's state in the same transaction that
/// records it.
/// </summary>
internal sealed class RunAlarmTickHandler(
    ILedgerStores ledgers,
    PatrolPhase patrol,
    SchedulePhase schedule,
    MayorPhase mayor,
    ReviewPhase review,
    IOptions<GastownOptions> options,
    TimeProvider clock,
    ILogger<RunAlarmTickHandler> logger,
    ITownManagement management,
    Common.Alarms.AlarmTickLog tickLog,
    IGastownMetrics metrics) : ICommandHandler<RunAlarmTick, Result<AlarmTickReport>>
{
    public async ValueTask<Result<AlarmTickReport>> Handle(RunAlarmTick command, CancellationToken cancellationToken)
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
        // A watchdog tick of a quiet store costs one read: nothing is in flight, so no phase has anything to do.
        var active = await HasActiveWorkAsync(command.StoreId, cancellationToken);
        if (active)
        {
            await RunPhaseAsync("patrol", () => patrol.RunAsync(command.StoreId, tally, cancellationToken), tally);
            await RunPhaseAsync("schedule", () => schedule.RunAsync(command.StoreId, tally, cancellationToken), tally);
            await RunPhaseAsync("mayor", () => mayor.RunAsync(command.StoreId, tally, cancellationToken), tally);
            await RunPhaseAsync("review", () => review.RunAsync(command.StoreId, tally, cancellationToken), tally);
        }
        var next = await RearmAsync(command.StoreId, cancellationToken);
        tickLog.Record(command.StoreId, clock.GetUtcNow(), active, tally.FailedPhases, tally.Dispatched, tally.DispatchFailed, tally.Merged);

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

    private async Task<bool> HasActiveWorkAsync(Guid storeId, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct);
        return (await ledger.GetActivityAsync(ct)).HasActiveWork;
    }

    /// <summary>Soon while anything is in flight; else the watchdog if one is configured (with a little jitter), else none.</summary>
    private async Task<DateTimeOffset?> RearmAsync(Guid storeId, CancellationToken ct)
    {
        var alarm = options.Value.Alarm;
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        var activity = await ledger.GetActivityAsync(ct);
        // The store is open anyway: its bead counts refresh the metrics' snapshot at no extra open.
        metrics.BeadSnapshot(ledger.Identity.TownId, storeId, await ledger.CountBeadsByStatusAsync(ct));
        DateTimeOffset? next = activity.HasActiveWork ? clock.GetUtcNow() + alarm.ActiveInterval
            : alarm.IdleInterval is { } idle ? clock.GetUtcNow() + idle + idle * (Random.Shared.NextDouble() / 10)
            : null;
        await ledger.ReplaceAlarmAsync(next, ct);
        await ledger.CommitAsync(ct);
        return next;
    }
}
