using System.Data;
using Gastown.Domain.Ledgers;
using Gastown.Infrastructure.Persistence.Ledger;
using Npgsql;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>
/// Every ledger store in one PostgreSQL database: its rows carry its store id (decision 0015). A write session locks the
/// store's <c>ledger_stores</c> row (<c>SELECT … FOR UPDATE</c>) as its first statement, so one store has one writer at
/// a time across every node, exactly as <c>BEGIN IMMEDIATE</c> gives one writer per SQLite file; readers never wait.
/// </summary>
internal sealed class PostgresLedgerStores(
    NpgsqlDataSource dataSource, PostgresMigrator migrator, IAlarmScheduler alarms, TimeProvider clock, ILogger<PostgresLedgerStores> logger)
    : ILedgerStores
{
    // A store's identity never changes, so it is read once per process.
    private readonly ConcurrentDictionary<Guid, LedgerIdentity> _identities = new();
    // Writers of one store in this process queue here first, so waiting writers do not each hold a pooled connection
    // blocked on the row lock; the row lock then orders this process against the other nodes.
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _writeLocks = new();

    public async Task<Result> CreateAsync(LedgerIdentity identity, CancellationToken ct)
    {
        try
        {
            await migrator.EnsureMigratedAsync(ct);
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var store = Id(identity.StoreId);
            await connection.ExecuteAsync("""
                INSERT INTO ledger_stores (store_id, kind, town_id, created_at) VALUES (@store, @kind, @town, @at)
                ON CONFLICT (store_id) DO NOTHING
                """, new { store, kind = identity.Kind.ToText(), town = Id(identity.TownId), at = Time(clock.GetUtcNow()) }, transaction);
            foreach (var (key, value) in LedgerIdentityKv.ToPairs(identity))
                await connection.ExecuteAsync("""
                    INSERT INTO kv (store_id, key, value) VALUES (@store, @key, @value)
                    ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value
                    """, new { store, key, value }, transaction);
            await transaction.CommitAsync(ct);
            _identities[identity.StoreId] = identity;
            return Result.Success();
        }
        catch (NpgsqlException exception)
        {
            logger.LogError(exception, "Could not create ledger store {StoreId}", identity.StoreId);
            return Result.Unavailable($"The store for '{identity.Name}' could not be created.");
        }
    }

    // The port is synchronous (a file check on SQLite): one primary-key probe, never cached, since another node may
    // delete the store.
    public bool Exists(Guid storeId)
    {
        if (!migrator.IsMigrated) migrator.EnsureMigratedAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        using var connection = dataSource.OpenConnection();
        return connection.ExecuteScalar<bool>("SELECT EXISTS (SELECT 1 FROM ledger_stores WHERE store_id = @store)", new { store = Id(storeId) });
    }

    public async Task<ILedgerSession> OpenAsync(Guid storeId, LedgerAccess access, CancellationToken ct)
    {
        await migrator.EnsureMigratedAsync(ct);
        var writeLock = access == LedgerAccess.Write ? _writeLocks.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1)) : null;
        if (writeLock is not null) await writeLock.WaitAsync(ct);

        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(ct);
            // A reader sees one snapshot for the whole session (as a SQLite read transaction does); a writer reads the
            // latest commits after taking the row lock (read committed: each statement sees what committed before it).
            var transaction = await connection.BeginTransactionAsync(
                access == LedgerAccess.Read ? IsolationLevel.RepeatableRead : IsolationLevel.ReadCommitted, ct);
            var identity = _identities.TryGetValue(storeId, out var known) ? known : await LoadIdentityAsync(connection, transaction, storeId);
            // A writer's first statement locks the store's row; it goes with the session's first batch (its first read
            // or its commit), not in a round trip of its own. No row: the store is gone, and the session fails there.
            return new LedgerSession(connection, transaction, SqlDialect.Postgres, identity, alarms, clock, writeLock,
                guard: access == LedgerAccess.Write ? "SELECT store_id FROM ledger_stores WHERE store_id = @store FOR UPDATE" : null);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            writeLock?.Release();
            throw;
        }
    }

    public async Task DeleteAsync(Guid storeId, CancellationToken ct)
    {
        await migrator.EnsureMigratedAsync(ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // Every ledger table refers to ledger_stores ON DELETE CASCADE; the delete waits for a writer holding the row.
        await connection.ExecuteAsync("DELETE FROM ledger_stores WHERE store_id = @store", new { store = Id(storeId) });
        _identities.TryRemove(storeId, out _);
    }

    private async Task<LedgerIdentity> LoadIdentityAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid storeId)
    {
        var pairs = (await connection.QueryAsync<(string Key, string? Value)>(
            "SELECT key, value FROM kv WHERE store_id = @store", new { store = Id(storeId) }, transaction)).ToList();
        if (pairs.Count == 0) throw new InvalidOperationException($"No ledger store {storeId}.");
        var identity = LedgerIdentityKv.FromPairs(pairs.ToDictionary(pair => pair.Key, pair => pair.Value));
        return _identities[storeId] = identity;
    }
}
