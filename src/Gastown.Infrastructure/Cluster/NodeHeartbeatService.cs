using Gastown.Infrastructure.Container;
using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Heart-beats this node into the registry every <see cref="ClusterOptions.HeartbeatInterval"/>, once the server
/// listens (its internal address defaults to the bound one). A failed heartbeat is logged and retried on the next
/// beat; <see cref="NodeHealth"/> tells <c>GET /health</c> how the last one went.
/// </summary>
internal sealed partial class NodeHeartbeatService(
    IClusterNodes nodes, IAgentApiAddress listening, IOptions<ClusterOptions> options, NodeHealth health, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<NodeHeartbeatService> logger) : BackgroundService
{
    public Uri InternalUrl =>
        options.Value.InternalUrl is { Length: > 0 } configured ? new Uri(configured) : listening.BaseAddress;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken)) return;
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
        var joined = false;
        do
        {
            try
            {
                var internalUrl = InternalUrl; // throws while the server has no bound address: retried on the next beat
                await nodes.HeartbeatAsync(internalUrl, stoppingToken);
                if (!joined) LogJoined(nodes.LocalNodeId, internalUrl);
                joined = true;
                health.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                health.Failed();
                LogHeartbeatFailed(e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Information, "Cluster node {NodeId} reachable at {InternalUrl}")]
    private partial void LogJoined(string nodeId, Uri internalUrl);

    // The exception's type only: a connection error's message may carry the connection string's host and user.
    [LoggerMessage(LogLevel.Warning, "Heartbeat into the node registry failed ({Error}); retrying on the next beat")]
    private partial void LogHeartbeatFailed(string error);
}
