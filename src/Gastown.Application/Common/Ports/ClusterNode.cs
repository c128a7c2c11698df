namespace Gastown.Application.Common.Ports;

/// <summary>A node of the cluster as the registry last saw it. Alive: its last heartbeat is recent enough.</summary>
public sealed record ClusterNode(string Id, Uri InternalUrl, DateTimeOffset LastHeartbeatAt, bool IsAlive);
