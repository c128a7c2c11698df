using Npgsql;

namespace Gastown.Infrastructure.Cluster;

/// <summary>Agent placements in agent_placements, read together with the node's address and last heartbeat.</summary>
internal sealed class PostgresAgentPlacements(NpgsqlDataSource database, TimeProvider clock) : IAgentPlacements
{
    private const string FindSql = """
        SELECT p.node_id AS NodeId, p.generation AS Generation, n.internal_url AS InternalUrl, n.last_heartbeat_at AS LastHeartbeatAt
        FROM agent_placements p LEFT JOIN cluster_nodes n ON n.node_id = p.node_id
        WHERE p.agent_id = @agentId
        """;

    public async Task RecordAsync(Guid agentId, string nodeId, int generation, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO agent_placements (agent_id, node_id, generation, placed_at) VALUES (@agentId, @nodeId, @generation, @now)
            ON CONFLICT (agent_id) DO UPDATE SET node_id = excluded.node_id, generation = excluded.generation, placed_at = excluded.placed_at
            """, new { agentId, nodeId, generation, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    public AgentPlacement? Find(Guid agentId)
    {
        using var connection = database.OpenConnection();
        return ToPlacement(connection.QuerySingleOrDefault<Row>(FindSql, new { agentId }));
    }

    public async Task<AgentPlacement?> FindAsync(Guid agentId, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        return ToPlacement(await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(FindSql, new { agentId }, cancellationToken: ct)));
    }

    private static AgentPlacement? ToPlacement(Row? row) => row is null
        ? null
        : new AgentPlacement(row.NodeId, row.Generation, row.InternalUrl is { } url ? new Uri(url) : null,
            row.LastHeartbeatAt is { } beat ? new DateTimeOffset(DateTime.SpecifyKind(beat, DateTimeKind.Utc)) : null);

    private sealed class Row
    {
        public string NodeId { get; init; } = "";
        public int Generation { get; init; }
        public string? InternalUrl { get; init; }
        public DateTime? LastHeartbeatAt { get; init; }
    }
}
