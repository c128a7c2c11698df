namespace Gastown.Infrastructure.Cluster;

/// <summary>An agent's run: its node, generation, and the node's address and last heartbeat (null: not registered).</summary>
internal sealed record AgentPlacement(string NodeId, int Generation, Uri? InternalUrl, DateTimeOffset? LastHeartbeatAt);
