using System.Data.Common;
using Gastown.Infrastructure.Persistence.Ledger;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Graph;

/// <summary>
/// The dependency graph in the directory database, SQL written once for both (<see cref="SqlDialect"/> rewrites the
/// lists for PostgreSQL). Writers of one town serialize: SQLite's directory takes its write lock up front
/// (<c>BEGIN IMMEDIATE</c>); PostgreSQL takes a transaction-scoped advisory lock on the town. So an edge written while
/// its blocker's closure is being propagated either sees that closure or is released by it.
/// </summary>
internal sealed class DependencyGraph(DirectoryDatabase database) : IDependencyGraph
{
    private const string EdgeColumns =
        "bead_id AS BeadId, bead_store_id AS StoreId, blocker_id AS BlockerId, blocker_store_id AS BlockerStoreId, blocker_closed AS BlockerClosed";

    private const string DependentsSql = "SELECT bead_id AS BeadId, bead_store_id AS StoreId FROM bead_edges WHERE blocker_id = @bead";

    /// <summary>A cycle is looked for at most this deep (a town's plans are far smaller).</summary>
    private const int MaxDepth = 10_000;

    public async Task<Guid?> TrySetBlockersAsync(Guid townId, IReadOnlyList<BlockerSet> sets, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, townId, ct);
        foreach (var set in sets)
        {
            await connection.ExecuteAsync(Sql("DELETE FROM bead_edges WHERE bead_id = @bead"),
                new { bead = Id(set.Bead.BeadId) }, transaction);
            foreach (var blocker in set.Blockers)
                await connection.ExecuteAsync(Sql("""
                    INSERT INTO bead_edges (town_id, bead_id, bead_store_id, blocker_id, blocker_store_id, blocker_closed, created_at)
                    VALUES (@town, @bead, @beadStore, @blocker, @blockerStore,
                            CASE WHEN @closed = 1 OR EXISTS (SELECT 1 FROM closed_beads WHERE bead_id = @blocker) THEN 1 ELSE 0 END, @now)
                    ON CONFLICT (bead_id, blocker_id) DO NOTHING
                    """), new
                {
                    town = Id(townId), bead = Id(set.Bead.BeadId), beadStore = Id(set.Bead.StoreId), blocker = Id(blocker.BeadId),
                    blockerStore = Id(blocker.StoreId), closed = blocker.Closed ? 1L : 0L, now = Time(now),
                }, transaction);
        }
        foreach (var set in sets)
        {
            if (set.Blockers.Count == 0) continue;
            if (await ReachesAsync(connection, transaction, set.Blockers.Select(b => b.BeadId), set.Bead.BeadId, ct))
                return set.Bead.BeadId; // disposed without commit: nothing written
        }
        await transaction.CommitAsync(ct);
        return null;
    }

    /// <summary>Whether following "depends on" from <paramref name="from"/> reaches <paramref name="target"/>.</summary>
    private async Task<bool> ReachesAsync(DbConnection connection, DbTransaction transaction, IEnumerable<Guid> from, Guid target, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        var frontier = from.Distinct().ToList();
        for (var depth = 0; frontier.Count > 0 && depth < MaxDepth; depth++)
        {
            if (frontier.Contains(target)) return true;
            foreach (var id in frontier) seen.Add(id);
            var next = await connection.QueryAsync<string>(new CommandDefinition(
                Sql("SELECT blocker_id FROM bead_edges WHERE bead_id IN @ids"),
                new { ids = frontier.Select(Id).ToArray() }, transaction, cancellationToken: ct));
            frontier = [.. next.Select(ToId).Distinct().Where(id => !seen.Contains(id))];
        }
        return false;
    }

    public async Task<IReadOnlyList<BeadEdge>> ListBlockersAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct)
    {
        if (beadIds.Count == 0) return [];
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<EdgeRow>(new CommandDefinition(
            Sql($"SELECT {EdgeColumns} FROM bead_edges WHERE bead_id IN @ids ORDER BY created_at, blocker_id"),
            new { ids = beadIds.Select(Id).ToArray() }, cancellationToken: ct));
        return [.. rows.Select(row => row.ToEdge())];
    }

    public async Task<int> CountOpenBlockersAsync(Guid beadId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM bead_edges WHERE bead_id = @bead AND blocker_closed = 0", new { bead = Id(beadId) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<BeadNode>> MarkClosedAsync(Guid townId, Guid beadId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, townId, ct);
        var args = new { town = Id(townId), bead = Id(beadId), now = Time(now) };
        await connection.ExecuteAsync(
            "INSERT INTO closed_beads (bead_id, town_id, closed_at) VALUES (@bead, @town, @now) ON CONFLICT (bead_id) DO NOTHING", args, transaction);
        await connection.ExecuteAsync("UPDATE bead_edges SET blocker_closed = 1 WHERE blocker_id = @bead AND blocker_closed = 0", args, transaction);
        var dependents = await DependentsAsync(connection, transaction, beadId, ct);
        await transaction.CommitAsync(ct);
        return dependents;
    }

    public async Task<IReadOnlyList<BeadNode>> ListDependentsAsync(Guid blockerId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await DependentsAsync(connection, null, blockerId, ct);
    }

    private static async Task<IReadOnlyList<BeadNode>> DependentsAsync(DbConnection connection, DbTransaction? transaction, Guid blockerId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<NodeRow>(new CommandDefinition(DependentsSql, new { bead = Id(blockerId) }, transaction, cancellationToken: ct));
        return [.. rows.Select(row => row.ToNode())];
    }

    public async Task<int> PruneClosuresAsync(DateTimeOffset closedBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM closed_beads
            WHERE closed_at < @before
              AND NOT EXISTS (SELECT 1 FROM bead_edges WHERE bead_edges.blocker_id = closed_beads.bead_id AND bead_edges.blocker_closed = 0)
            """, new { before = Time(closedBefore) }, cancellationToken: ct));
    }

    public async Task RemoveBlockersOfAsync(Guid beadId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM bead_edges WHERE bead_id = @bead", new { bead = Id(beadId) }, cancellationToken: ct));
    }

    private string Sql(string text) => database.Dialect.Rewrite(text);

    private sealed class EdgeRow
    {
        public string BeadId { get; init; } = "";
        public string StoreId { get; init; } = "";
        public string BlockerId { get; init; } = "";
        public string BlockerStoreId { get; init; } = "";
        public long BlockerClosed { get; init; }

        public BeadEdge ToEdge() => new(ToId(BeadId), ToId(StoreId), ToId(BlockerId), ToId(BlockerStoreId), BlockerClosed != 0);
    }

    private sealed class NodeRow
    {
        public string BeadId { get; init; } = "";
        public string StoreId { get; init; } = "";

        public BeadNode ToNode() => new(ToId(BeadId), ToId(StoreId));
    }
}
