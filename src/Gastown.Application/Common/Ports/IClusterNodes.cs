namespace Gastown.Application.Common.Ports;

/// <summary>
/// The nodes of this Gastown: each has an id and an internal address and heart-beats into the registry. With the
/// embedded (SQLite) storage the registry is this one node; with PostgreSQL it is shared by every node.
/// </summary>
public interface IClusterNodes
{
    /// <summary>This node's id: configured (Gastown:Cluster:NodeId) or made once and kept in its data directory.</summary>
    string LocalNodeId { get; }

    /// <summary>Records that this node is alive and reachable at <paramref name="internalUrl"/>.</summary>
    Task HeartbeatAsync(Uri internalUrl, CancellationToken ct);

    /// <summary>Every node the registry knows, alive or not (alive: it heart-beat recently enough).</summary>
    Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken ct);
}
