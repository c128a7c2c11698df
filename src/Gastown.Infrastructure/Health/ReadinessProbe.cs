using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Persistence;
using Quartz;

namespace Gastown.Infrastructure.Health;

/// <summary>
/// What <c>GET /health/ready</c> checks: the directory database opens and answers, the Quartz scheduler runs (started,
/// not in standby, not shutting down), and the container still starts agents. Each check is cheap (one query, two
/// flags) and never throws: a failure is a component that is not ok, with a short reason.
/// </summary>
public sealed class ReadinessProbe
{
    private readonly Func<CancellationToken, Task<System.Data.Common.DbConnection>> openDirectory;
    private readonly ISchedulerFactory schedulers;
    private readonly ProcessTownContainer container;

    internal ReadinessProbe(SqliteDirectoryFile directory, ISchedulerFactory schedulers, ProcessTownContainer container)
        : this(async ct => await directory.OpenAsync(ct), schedulers, container)
    {
    }

    /// <summary>Any storage provider: <paramref name="openDirectory"/> opens a connection to the directory's database.</summary>
    internal ReadinessProbe(
        Func<CancellationToken, Task<System.Data.Common.DbConnection>> openDirectory, ISchedulerFactory schedulers, ProcessTownContainer container) =>
        (this.openDirectory, this.schedulers, this.container) = (openDirectory, schedulers, container);

    public async Task<ReadinessReport> CheckAsync(CancellationToken ct) =>
        new(await StorageAsync(ct), await SchedulerAsync(ct), Container());

    private async Task<ComponentHealth> StorageAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await openDirectory(ct);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            return ComponentHealth.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception's type only: its message may carry a path.
            return ComponentHealth.Failing($"the directory database does not open ({e.GetType().Name})");
        }
    }

    private async Task<ComponentHealth> SchedulerAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return scheduler.Status switch
        {
            SchedulerStatus.Running => ComponentHealth.Ok,
            SchedulerStatus.ShuttingDown or SchedulerStatus.Shutdown => ComponentHealth.Failing("the scheduler is shutting down"),
            _ => ComponentHealth.Failing("the scheduler is not started"),
        };
    }

    private ComponentHealth Container() =>
        container.IsShuttingDown ? ComponentHealth.Failing("the container is shutting down") : ComponentHealth.Ok;
}
