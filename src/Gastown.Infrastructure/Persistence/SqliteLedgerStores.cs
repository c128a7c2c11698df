using Gastown.Domain.Ledgers;
using Gastown.Infrastructure.Persistence.Ledger;
using Microsoft.Data.Sqlite;

namespace Gastown.Infrastructure.Persistence;

/// <summary>One SQLite file per rig and per town HQ, under the data directory's ledgers folder.</summary>
internal sealed class SqliteLedgerStores(DataDirectory data, IAlarmScheduler alarms, TimeProvider clock, ILogger<SqliteLedgerStores> logger)
    : ILedgerStores
{
    private const string Schema = SqliteFiles.LedgerSchema;

    // A store's identity never changes, so it is read from its kv table once per process.
    private readonly ConcurrentDictionary<Guid, LedgerIdentity> _identities = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _writeLocks = new();

    public async Task<Result> CreateAsync(LedgerIdentity identity, CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(data.LedgersFolder);
            await using var connection = await SqliteFiles.OpenAsync(data.Ledger(identity.StoreId), Schema, create: true, ct);
            await using var transaction = connection.BeginTransaction();
            foreach (var (key, value) in LedgerIdentityKv.ToPairs(identity))
                await connection.ExecuteAsync("INSERT OR REPLACE INTO kv (key, value) VALUES (@key, @value)", new { key, value }, transaction);
            await transaction.CommitAsync(ct);
            _identities[identity.StoreId] = identity;
            return Result.Success();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or SqliteException)
        {
            logger.LogError(exception, "Could not create ledger store {StoreId}", identity.StoreId);
            return Result.Unavailable($"The store for '{identity.Name}' could not be created.");
        }
    }

    public bool Exists(Guid storeId) => File.Exists(data.Ledger(storeId));

    public async Task<ILedgerSession> OpenAsync(Guid storeId, LedgerAccess access, CancellationToken ct)
    {
        // Writers of one store queue here, in order, rather than spinning in SQLite's busy handler; readers never wait
        // (WAL). The session releases the lock when it is disposed.
        var writeLock = access == LedgerAccess.Write ? _writeLocks.GetOrAdd(storeId, _ => new SemaphoreSlim(1, 1)) : null;
        if (writeLock is not null) await writeLock.WaitAsync(ct);

        SqliteConnection? connection = null;
        try
        {
            connection = await SqliteFiles.OpenAsync(data.Ledger(storeId), Schema, create: false, ct);
            // Write sessions take the write lock up front (BEGIN IMMEDIATE): a read-then-write never fails midway.
            var transaction = connection.BeginTransaction(deferred: access == LedgerAccess.Read);
            var identity = _identities.TryGetValue(storeId, out var known) ? known : await LoadIdentityAsync(connection, transaction, storeId);
            return new LedgerSession(connection, transaction, SqlDialect.Sqlite, identity, alarms, clock, writeLock);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            writeLock?.Release();
            throw;
        }
    }

    public Task DeleteAsync(Guid storeId, CancellationToken ct)
    {
        var path = data.Ledger(storeId);
        SqliteFiles.Forget(path);
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            if (File.Exists(file)) File.Delete(file);
        _identities.TryRemove(storeId, out _);
        return Task.CompletedTask;
    }

    private async Task<LedgerIdentity> LoadIdentityAsync(SqliteConnection connection, SqliteTransaction transaction, Guid storeId)
    {
        var pairs = await connection.QueryAsync<(string Key, string? Value)>("SELECT key, value FROM kv", transaction: transaction);
        var identity = LedgerIdentityKv.FromPairs(pairs.ToDictionary(pair => pair.Key, pair => pair.Value));
        return _identities[storeId] = identity;
    }
}

/// <summary>How a <see cref="LedgerIdentity"/> is spelled in a store's kv table.</summary>
internal static class LedgerIdentityKv
{
    public const string AlarmDueAt = "alarm_due_at";

    public static IEnumerable<(string Key, string? Value)> ToPairs(LedgerIdentity identity) =>
    [
        ("store_id", identity.StoreId.ToString()),
        ("kind", identity.Kind.ToText()),
        ("town_id", identity.TownId.ToString()),
        ("owner_user_id", identity.OwnerUserId.ToString()),
        ("name", identity.Name),
        ("git_url", identity.GitUrl),
        ("default_branch", identity.DefaultBranch),
    ];

    public static LedgerIdentity FromPairs(IReadOnlyDictionary<string, string?> kv) =>
        new(Guid.Parse(kv["store_id"]!),
            EnumText.Parse<LedgerKind>(kv["kind"]!),
            Guid.Parse(kv["town_id"]!),
            Guid.Parse(kv["owner_user_id"]!),
            kv["name"]!,
            kv.GetValueOrDefault("git_url"),
            kv.GetValueOrDefault("default_branch"));
}
