using Gastown.Application;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Security;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Gastown.Infrastructure.Alarms;

/// <summary>
/// A store's alarm firing. It only sends <see cref="RunAlarmTickCommand"/> as the system actor; the scheduling logic lives
/// in Application. One job per store and DisallowConcurrentExecution: never two ticks at once for one store.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class LedgerAlarmJob(IServiceScopeFactory scopes, IAlarmScheduler alarms, IOptions<GastownOptions> options, TimeProvider clock, ILogger<LedgerAlarmJob> logger) : IJob
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var storeId = QuartzAlarmScheduler.StoreIdOf(context.JobDetail.Key);
        // Before the tick reads anything: an arm from here on must schedule a new firing, not count on this one.
        (alarms as QuartzAlarmScheduler)?.Fired(storeId);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RunAlarmTickCommand(storeId), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The scheduler is shutting down mid-tick: end quietly. The store keeps its due time (written in the
            // tick's own transaction or still there from before), so the next start picks the work up again.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The tick could not even re-arm itself (its store is unreadable?): try again later, at the watchdog's pace.
            logger.LogError(exception, "Alarm tick of store {StoreId} failed", storeId);
            await alarms.ArmAsync(storeId, clock.GetUtcNow() + (options.Value.Alarm.IdleInterval ?? RetryAfterFailure), CancellationToken.None);
        }
    }
}
