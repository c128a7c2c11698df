using Quartz;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// What <c>GET /health</c> says about this node: its id, its storage and how the last heartbeat into it went, and
/// the scheduler's state. It is liveness, so nothing here queries the database: the heartbeat already did.
/// </summary>
public sealed class NodeHealth(IClusterNodes nodes, ISchedulerFactory schedulers, StorageKind storage)
{
    private volatile string _database = "unknown";

    public string NodeId => nodes.LocalNodeId;

    /// <summary>sqlite or postgres.</summary>
    public string Storage => storage.Name;

    /// <summary>"ok" after a successful heartbeat, "failing" after a failed one, "unknown" before the first.</summary>
    public string Database => _database;

    /// <summary>running, standby (not started, or paused), shutting_down or shutdown.</summary>
    public async Task<string> SchedulerAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        return scheduler.Status switch
        {
            SchedulerStatus.Running => "running",
            SchedulerStatus.ShuttingDown => "shutting_down",
            SchedulerStatus.Shutdown => "shutdown",
            _ => "standby",
        };
    }

    internal void Succeeded() => _database = "ok";

    internal void Failed() => _database = "failing";
}
