namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Finds the node of an agent's current run. Alone (SQLite), every agent is local. In a cluster the placement says
/// which node started it; a node whose last heartbeat is older than <see cref="ClusterOptions.DeadAfter"/> is dead.
/// </summary>
public sealed class AgentLocator
{
    private readonly IAgentPlacements? _placements;
    private readonly IClusterNodes _nodes;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _clock;

    internal AgentLocator(IAgentPlacements? placements, IClusterNodes nodes, IOptions<ClusterOptions> options, TimeProvider clock) =>
        (_placements, _nodes, _options, _clock) = (placements, nodes, options.Value, clock);

    public bool IsClustered => _placements is not null;

    public async Task<AgentLocation> LocateAsync(Guid agentId, CancellationToken ct) =>
        _placements is null ? AgentLocation.Local : LocationOf(await _placements.FindAsync(agentId, ct));

    internal AgentLocation Locate(Guid agentId) =>
        _placements is null ? AgentLocation.Local : LocationOf(_placements.Find(agentId));

    private AgentLocation LocationOf(AgentPlacement? placement)
    {
        if (placement is null || placement.NodeId == _nodes.LocalNodeId) return AgentLocation.Local;
        var alive = placement is { InternalUrl: not null, LastHeartbeatAt: { } beat } && _clock.GetUtcNow() - beat <= _options.DeadAfter;
        return alive
            ? new AgentLocation(placement.NodeId, placement.InternalUrl, false, placement.Generation)
            : new AgentLocation(placement.NodeId, null, true, placement.Generation);
    }
}
