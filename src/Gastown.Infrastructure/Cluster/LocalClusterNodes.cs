namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The embedded (SQLite) registry: the node is alone, so the registry is this node, held in memory. Nothing to
/// store: no other node ever needs to read it.
/// </summary>
internal sealed class LocalClusterNodes(string localNodeId, TimeProvider clock) : IClusterNodes
{
    private ClusterNode? _self;

    public string LocalNodeId => localNodeId;

    public Task HeartbeatAsync(Uri internalUrl, CancellationToken ct)
    {
        _self = new ClusterNode(localNodeId, internalUrl, clock.GetUtcNow(), IsAlive: true);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ClusterNode>>(_self is { } self ? [self] : []);
}
