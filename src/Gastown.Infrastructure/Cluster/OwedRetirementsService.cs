using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Settles what this node owes deleted stores (<see cref="ClusterStoreJanitor"/>) once the server has started and then
/// every heartbeat interval: a node that was down when a rig or town was deleted stops its agents and removes its
/// workspace when it comes back, and a call that failed is made good on the next check.
/// </summary>
internal sealed partial class OwedRetirementsService(
    ClusterStoreJanitor janitor, IOptions<ClusterOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<OwedRetirementsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
            do
            {
                try
                {
                    await janitor.SettleOwedAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Cleaning up deleted stores on this node failed ({Error}); retrying on the next check")]
    private partial void LogFailed(string error);
}
