using Gastown.Domain.Ledgers;
using Gastown.Domain.Rigs;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.DirectoryStores;

/// <summary>
/// Renames, rig settings and health, town config and pending deletions in the directory database, SQL written once
/// for both. Every change drops the directory's cached row. Where this process is the only writer (SQLite), town
/// configs (read on every dispatch) and the pending deletions (asked by every alarm tick) are answered from memory;
/// with a shared database another node may change them, so they are read each time (a primary-key probe).
/// </summary>
internal sealed class TownManagement(DirectoryDatabase database, TownDirectory directory) : ITownManagement
{
    private static readonly JsonSerializerOptions ConfigJson = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<Guid, StoredTownConfig> _configs = new();
    // Every alarm tick asks whether its store is being deleted: answered from memory, loaded once.
    private readonly ConcurrentDictionary<Guid, bool> _pending = new();
    private volatile bool _pendingLoaded;

    public async Task<bool> TryUpdateTownAsync(Guid townId, string name, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync("UPDATE towns SET name = @name, updated_at = @at WHERE id = @townId",
                new { townId = Id(townId), name, at = Time(at) });
            return true;
        }
        catch (System.Data.Common.DbException e) when (database.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            directory.Forget(townId);
        }
    }

    public async Task<bool> TryUpdateRigAsync(Rig rig, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync("""
                UPDATE rigs SET name = @Name, git_url = @GitUrl, default_branch = @DefaultBranch, max_polecats = @MaxPolecats,
                    health_status = @HealthStatus, health_reason = @HealthReason, health_checked_at = @HealthCheckedAt,
                    review = @Review, updated_at = @UpdatedAt
                WHERE id = @Id
                """, TownDirectory.RigRow.From(rig));
            return true;
        }
        catch (System.Data.Common.DbException e) when (database.IsUniqueViolation(e))
        {
            return false;
        }
        finally
        {
            directory.Forget(rig.Id);
        }
    }

    public async Task SetRigHealthAsync(Guid rigId, RigHealth health, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(
            "UPDATE rigs SET health_status = @status, health_reason = @reason, health_checked_at = @at WHERE id = @rigId",
            new { rigId = Id(rigId), status = health.Status.ToText(), reason = health.Reason, at = Time(health.CheckedAt) });
        directory.Forget(rigId);
    }

    public async Task<StoredGitCredentials?> GetRigCredentialsAsync(Guid rigId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<(string? User, string? Token)>(
            "SELECT git_username, git_token_protected FROM rigs WHERE id = @rigId", new { rigId = Id(rigId) });
        return row is { User: { } user, Token: { } token } ? new StoredGitCredentials(user, token) : null;
    }

    public async Task SetRigCredentialsAsync(Guid rigId, StoredGitCredentials? credentials, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("UPDATE rigs SET git_username = @user, git_token_protected = @token WHERE id = @rigId",
            new { rigId = Id(rigId), user = credentials?.Username, token = credentials?.TokenProtected });
    }

    public async Task<StoredTownConfig> GetTownConfigAsync(Guid townId, CancellationToken ct)
    {
        if (_configs.TryGetValue(townId, out var cached)) return cached;
        await using var connection = await database.OpenAsync(ct);
        var json = await connection.QuerySingleOrDefaultAsync<string>("SELECT config FROM town_configs WHERE town_id = @townId", new { townId = Id(townId) });
        var config = json is null ? StoredTownConfig.Empty : JsonSerializer.Deserialize<StoredTownConfig>(json, ConfigJson) ?? StoredTownConfig.Empty;
        if (database.CachesRows) _configs[townId] = config;
        return config;
    }

    public async Task SaveTownConfigAsync(Guid townId, StoredTownConfig config, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("""
            INSERT INTO town_configs (town_id, config, updated_at) VALUES (@townId, @config, @at)
            ON CONFLICT (town_id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at
            """, new { townId = Id(townId), config = JsonSerializer.Serialize(config, ConfigJson), at = Time(at) });
        if (database.CachesRows) _configs[townId] = config;
    }

    public async Task RemoveTownAsync(Guid townId, IReadOnlyList<PendingDeletion> deletions, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var deletion in deletions) await InsertDeletionAsync(connection, transaction, deletion);
        var rigIds = (await connection.QueryAsync<string>("SELECT id FROM rigs WHERE town_id = @townId", new { townId = Id(townId) }, transaction)).ToList();
        await connection.ExecuteAsync("""
            DELETE FROM agent_registry WHERE town_id = @townId;
            DELETE FROM rigs WHERE town_id = @townId;
            DELETE FROM town_configs WHERE town_id = @townId;
            DELETE FROM towns WHERE id = @townId;
            """, new { townId = Id(townId) }, transaction);
        await transaction.CommitAsync(ct);
        _configs.TryRemove(townId, out _);
        directory.Forget(townId);
        foreach (var rigId in rigIds) directory.Forget(ToId(rigId));
    }

    public async Task RemoveRigAsync(PendingDeletion deletion, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await InsertDeletionAsync(connection, transaction, deletion);
        await connection.ExecuteAsync("""
            DELETE FROM agent_registry WHERE store_id = @rigId;
            DELETE FROM rigs WHERE id = @rigId;
            """, new { rigId = Id(deletion.StoreId) }, transaction);
        await transaction.CommitAsync(ct);
        directory.Forget(deletion.StoreId);
    }

    public async Task<IReadOnlyList<PendingDeletion>> ListPendingDeletionsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<(string StoreId, string Kind, string TownId, string AgentIds, long CreatedAt)>(
            "SELECT store_id, kind, town_id, agent_ids, created_at FROM pending_deletions ORDER BY created_at");
        return [.. rows.Select(row => new PendingDeletion(
            ToId(row.StoreId), EnumText.Parse<LedgerKind>(row.Kind), ToId(row.TownId),
            [.. (JsonSerializer.Deserialize<List<string>>(row.AgentIds) ?? []).Select(ToId)], ToTime(row.CreatedAt)))];
    }

    public async Task<bool> IsPendingDeletionAsync(Guid storeId, CancellationToken ct)
    {
        if (!database.CachesRows)
        {
            await using var connection = await database.OpenAsync(ct);
            return await connection.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM pending_deletions WHERE store_id = @storeId)", new { storeId = Id(storeId) });
        }
        if (!_pendingLoaded)
        {
            foreach (var deletion in await ListPendingDeletionsAsync(ct)) _pending[deletion.StoreId] = true;
            _pendingLoaded = true;
        }
        return _pending.ContainsKey(storeId);
    }

    public async Task CompleteDeletionAsync(Guid storeId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("DELETE FROM pending_deletions WHERE store_id = @storeId", new { storeId = Id(storeId) });
        _pending.TryRemove(storeId, out _);
    }

    private Task InsertDeletionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, PendingDeletion deletion)
    {
        // Marked before the commit: a tick that reads it early skips a store that is about to go anyway.
        _pending[deletion.StoreId] = true;
        return connection.ExecuteAsync("""
            INSERT INTO pending_deletions (store_id, kind, town_id, agent_ids, created_at)
            VALUES (@storeId, @kind, @townId, @agentIds, @at)
            ON CONFLICT (store_id) DO NOTHING
            """, new
        {
            storeId = Id(deletion.StoreId), kind = deletion.Kind.ToText(), townId = Id(deletion.TownId),
            agentIds = JsonSerializer.Serialize(deletion.AgentIds.Select(agent => Id(agent)).ToArray()), at = Time(deletion.CreatedAt),
        }, transaction);
    }
}
