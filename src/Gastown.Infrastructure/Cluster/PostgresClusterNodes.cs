using Npgsql;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// The shared node registry (cluster_nodes). Heartbeat times come from each node's <see cref="TimeProvider"/>: the
/// nodes' clocks are assumed in step (NTP) to well within <see cref="ClusterOptions.DeadAfter"/>.
/// </summary>
internal sealed class PostgresClusterNodes(NpgsqlDataSource database, string localNodeId, IOptions<ClusterOptions> options, TimeProvider clock)
    : IClusterNodes
{
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();

    public string LocalNodeId => localNodeId;

    public async Task HeartbeatAsync(Uri internalUrl, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO cluster_nodes (node_id, internal_url, started_at, last_heartbeat_at)
            VALUES (@node, @url, @startedAt, @now)
            ON CONFLICT (node_id) DO UPDATE
              SET internal_url = excluded.internal_url, started_at = excluded.started_at, last_heartbeat_at = excluded.last_heartbeat_at
            """, new { node = localNodeId, url = internalUrl.ToString(), startedAt = _startedAt.UtcDateTime, now = clock.GetUtcNow().UtcDateTime },
            cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ClusterNode>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string NodeId, string InternalUrl, DateTime LastHeartbeatAt)>(new CommandDefinition(
            "SELECT node_id, internal_url, last_heartbeat_at FROM cluster_nodes ORDER BY node_id", cancellationToken: ct));
        var now = clock.GetUtcNow();
        return [.. rows.Select(row =>
        {
            var beat = new DateTimeOffset(DateTime.SpecifyKind(row.LastHeartbeatAt, DateTimeKind.Utc));
            return new ClusterNode(row.NodeId, new Uri(row.InternalUrl), beat, now - beat <= options.Value.DeadAfter);
        })];
    }
}
