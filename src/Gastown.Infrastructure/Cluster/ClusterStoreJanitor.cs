using Gastown.Domain.Ledgers;
using Gastown.Infrastructure.Container;
using Gastown.Infrastructure.Persistence.Postgres;
using Npgsql;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// A deleted store's clean-up on every node (issue 22): each node may run agents of the store and hold its workspace.
/// The clean-up is first recorded as owed by every other node the registry knows (<c>store_retirements</c>), then done
/// here, then the live nodes are asked to do theirs at once (<c>POST /internal/stores/retirements</c>, cluster secret);
/// a node that was down, or did not answer, does it on its next <see cref="SettleOwedAsync"/> (at start and every
/// heartbeat interval).
/// </summary>
public sealed partial class ClusterStoreJanitor(
    ProcessTownContainer local, IClusterNodes nodes, ClusterClient client, NpgsqlDataSource database, PostgresMigrator migrator, TimeProvider clock,
    ILogger<ClusterStoreJanitor> logger) : IStoreJanitor
{
    public async Task RetireAsync(Guid storeId, LedgerKind kind, Guid townId, IReadOnlyCollection<Guid> agentIds, CancellationToken ct)
    {
        await migrator.EnsureMigratedAsync(ct);
        var others = (await nodes.ListAsync(ct)).Where(node => node.Id != nodes.LocalNodeId).ToList();
        if (others.Count > 0)
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO store_retirements (node_id, store_id, kind, town_id, agent_ids, created_at)
                SELECT node_id, @storeId, @kind, @townId, @agentIds, @now FROM unnest(@nodeIds) AS node_id
                ON CONFLICT (node_id, store_id) DO UPDATE SET agent_ids = excluded.agent_ids
                """, new
            {
                storeId, kind = kind.ToText(), townId, agentIds = agentIds.ToArray(), now = clock.GetUtcNow().UtcDateTime,
                nodeIds = others.Select(node => node.Id).ToArray(),
            }, cancellationToken: ct));
        }
        await local.RetireAsync(storeId, kind, townId, agentIds, ct);
        await Task.WhenAll(others.Where(node => node.IsAlive).Select(async node =>
        {
            if (!await client.SettleRetirementsAsync(node.InternalUrl, ct)) LogOwed(node.Id, storeId);
        }));
    }

    /// <summary>Does what this node owes deleted stores: stops their agents here and removes their workspaces here.</summary>
    public async Task SettleOwedAsync(CancellationToken ct)
    {
        await migrator.EnsureMigratedAsync(ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var owed = await connection.QueryAsync<OwedRow>(new CommandDefinition("""
            SELECT store_id AS StoreId, kind AS Kind, town_id AS TownId, agent_ids AS AgentIds
            FROM store_retirements WHERE node_id = @node ORDER BY created_at
            """, new { node = nodes.LocalNodeId }, cancellationToken: ct));
        foreach (var row in owed)
        {
            await local.RetireAsync(row.StoreId, EnumText.Parse<LedgerKind>(row.Kind), row.TownId, row.AgentIds, ct);
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM store_retirements WHERE node_id = @node AND store_id = @store",
                new { node = nodes.LocalNodeId, store = row.StoreId }, cancellationToken: ct));
            LogSettled(row.StoreId);
        }
    }

    // Properties, not a constructor: Dapper reports a uuid[] column as System.Array, which no constructor matches.
    private sealed class OwedRow
    {
        public Guid StoreId { get; init; }
        public string Kind { get; init; } = "";
        public Guid TownId { get; init; }
        public Guid[] AgentIds { get; init; } = [];
    }

    [LoggerMessage(LogLevel.Warning, "Node {NodeId} did not clean up deleted store {StoreId} now; it will on its next check")]
    private partial void LogOwed(string nodeId, Guid storeId);

    [LoggerMessage(LogLevel.Information, "Cleaned up deleted store {StoreId} on this node")]
    private partial void LogSettled(Guid storeId);
}
