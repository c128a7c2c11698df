namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Gastown:Cluster — this node's identity and how the nodes reach and trust each other. Only the PostgreSQL
/// storage makes a cluster; with SQLite the node is alone and the secret is not needed.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Gastown:Cluster";

    /// <summary>This node's id; empty: a stable id made on first start and kept in the data directory (node-id).</summary>
    public string NodeId { get; set; } = "";

    /// <summary>How the other nodes reach this one (http://host:port/); empty: the address it listens on.</summary>
    public string InternalUrl { get; set; } = "";

    /// <summary>Shared by every node; required with PostgreSQL. Sent in <see cref="ClusterSecret.Header"/>, never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>How often a node heart-beats into the registry.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node that missed this many heartbeats in a row is dead: its agents are re-dispatched elsewhere.</summary>
    public int MissedHeartbeats { get; set; } = 3;

    /// <summary><c>clustered</c> (default with PostgreSQL): Quartz's clustered job store; <c>memory</c>: in-memory alarms.</summary>
    public string Alarms { get; set; } = "clustered";

    /// <summary>How long a node may stay silent before it counts as dead.</summary>
    public TimeSpan DeadAfter => HeartbeatInterval * MissedHeartbeats;

    public override string ToString() => $"node {NodeId} at {InternalUrl}"; // never the secret
}
