using Gastown.Domain.Rigs;
using Gastown.Domain.Towns;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.DirectoryStores;

/// <summary>
/// Towns, rigs and the agent registry, SQL written once for both databases. Every authorized request reads a town or
/// rig, so where this process is the only writer (SQLite) both are cached by id and dropped on every change; with a
/// shared database nothing is cached: a change made on another node must be seen at once, and a primary-key read of
/// PostgreSQL costs little next to the request it serves.
/// </summary>
internal sealed class TownDirectory(DirectoryDatabase database) : ITownDirectory
{
    private const string SelectTown =
        "SELECT id AS Id, name AS Name, owner_user_id AS OwnerUserId, created_at AS CreatedAt, updated_at AS UpdatedAt FROM towns";

    private const string SelectRig =
        "SELECT id AS Id, town_id AS TownId, name AS Name, git_url AS GitUrl, default_branch AS DefaultBranch, created_at AS CreatedAt, updated_at AS UpdatedAt, " +
        "max_polecats AS MaxPolecats, health_status AS HealthStatus, health_reason AS HealthReason, health_checked_at AS HealthCheckedAt, review AS Review FROM rigs";

    private const string SelectAgent = "SELECT agent_id AS AgentId, town_id AS TownId, store_id AS StoreId, name AS Name FROM agent_registry";

    private readonly ConcurrentDictionary<Guid, Town> _towns = new();
    private readonly ConcurrentDictionary<Guid, Rig> _rigs = new();

    public async Task<bool> TryAddTownAsync(Town town, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync("""
            INSERT INTO towns (id, owner_user_id, name, created_at, updated_at)
            VALUES (@Id, @OwnerUserId, @Name, @CreatedAt, @UpdatedAt)
            ON CONFLICT (owner_user_id, name) DO NOTHING
            """, TownRow.From(town)) == 1;
    }

    public async Task<Town?> GetTownAsync(Guid townId, CancellationToken ct)
    {
        if (_towns.TryGetValue(townId, out var cached)) return cached;
        await using var connection = await database.OpenAsync(ct);
        var town = (await connection.QuerySingleOrDefaultAsync<TownRow>($"{SelectTown} WHERE id = @townId", new { townId = Id(townId) }))?.ToDomain();
        if (town is not null && database.CachesRows) _towns[townId] = town;
        return town;
    }

    public async Task<IReadOnlyList<Town>> ListTownsAsync(Guid ownerUserId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<TownRow>(
            $"{SelectTown} WHERE owner_user_id = @ownerUserId ORDER BY created_at DESC, id DESC", new { ownerUserId = Id(ownerUserId) });
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task<bool> TryAddRigAsync(Rig rig, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync("""
            INSERT INTO rigs (id, town_id, name, git_url, default_branch, created_at, updated_at,
                              max_polecats, health_status, health_reason, health_checked_at, review)
            VALUES (@Id, @TownId, @Name, @GitUrl, @DefaultBranch, @CreatedAt, @UpdatedAt,
                    @MaxPolecats, @HealthStatus, @HealthReason, @HealthCheckedAt, @Review)
            ON CONFLICT (town_id, name) DO NOTHING
            """, RigRow.From(rig)) == 1;
    }

    public async Task RemoveRigAsync(Guid rigId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("DELETE FROM rigs WHERE id = @rigId", new { rigId = Id(rigId) });
        _rigs.TryRemove(rigId, out _);
    }

    public async Task<Rig?> GetRigAsync(Guid rigId, CancellationToken ct)
    {
        if (_rigs.TryGetValue(rigId, out var cached)) return cached;
        await using var connection = await database.OpenAsync(ct);
        var rig = (await connection.QuerySingleOrDefaultAsync<RigRow>($"{SelectRig} WHERE id = @rigId", new { rigId = Id(rigId) }))?.ToDomain();
        if (rig is not null && database.CachesRows) _rigs[rigId] = rig;
        return rig;
    }

    public async Task<Guid?> GetRigOwnerAsync(Guid rigId, CancellationToken ct)
    {
        // Where rows are cached, the rig and its town are (usually) in memory; otherwise one read instead of two.
        if (database.CachesRows)
            return await GetRigAsync(rigId, ct) is { } rig ? (await GetTownAsync(rig.TownId, ct))?.OwnerUserId : null;
        await using var connection = await database.OpenAsync(ct);
        var owner = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT towns.owner_user_id FROM rigs JOIN towns ON towns.id = rigs.town_id WHERE rigs.id = @rigId", new { rigId = Id(rigId) });
        return owner is null ? null : ToId(owner);
    }

    public async Task<IReadOnlyList<Rig>> ListRigsAsync(Guid townId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<RigRow>($"{SelectRig} WHERE town_id = @townId ORDER BY created_at, id", new { townId = Id(townId) });
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task<IReadOnlyList<Guid>> ListAllStoreIdsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return [.. (await connection.QueryAsync<string>("SELECT id FROM rigs UNION ALL SELECT id FROM towns")).Select(ToId)];
    }

    public async Task<bool> TryRegisterAgentAsync(AgentRegistration registration, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync("""
            INSERT INTO agent_registry (agent_id, town_id, store_id, name) VALUES (@AgentId, @TownId, @StoreId, @Name)
            ON CONFLICT DO NOTHING
            """, AgentRow.From(registration)) == 1;
    }

    public async Task UnregisterAgentAsync(Guid agentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync("DELETE FROM agent_registry WHERE agent_id = @agentId", new { agentId = Id(agentId) });
    }

    public async Task<IReadOnlySet<string>> ListAgentNamesAsync(Guid townId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<string>("SELECT name FROM agent_registry WHERE town_id = @townId", new { townId = Id(townId) }))
            .ToHashSet(StringComparer.Ordinal);
    }

    public async Task<AgentRegistration?> FindAgentAsync(Guid agentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<AgentRow>($"{SelectAgent} WHERE agent_id = @agentId", new { agentId = Id(agentId) }))?.ToDomain();
    }

    private sealed record TownRow(string Id, string Name, string OwnerUserId, long CreatedAt, long UpdatedAt)
    {
        public static TownRow From(Town town) =>
            new(DbValues.Id(town.Id), town.Name, DbValues.Id(town.OwnerUserId), Time(town.CreatedAt), Time(town.UpdatedAt));

        public Town ToDomain() => new(ToId(Id), Name, ToId(OwnerUserId), ToTime(CreatedAt), ToTime(UpdatedAt));
    }

    internal sealed record RigRow(
        string Id, string TownId, string Name, string GitUrl, string DefaultBranch, long CreatedAt, long UpdatedAt,
        long? MaxPolecats, string? HealthStatus, string? HealthReason, long? HealthCheckedAt, string? Review = null)
    {
        public static RigRow From(Rig rig) =>
            new(DbValues.Id(rig.Id), DbValues.Id(rig.TownId), rig.Name, rig.GitUrl, rig.DefaultBranch, Time(rig.CreatedAt), Time(rig.UpdatedAt),
                rig.MaxPolecats, rig.Health?.Status.ToText(), rig.Health?.Reason, Time(rig.Health?.CheckedAt), RigReviewJson.Write(rig.Review));

        public Rig ToDomain() => new(ToId(Id), ToId(TownId), Name, GitUrl, DefaultBranch, ToTime(CreatedAt), ToTime(UpdatedAt),
            (int?)MaxPolecats,
            HealthStatus is null || HealthCheckedAt is null ? null
                : new RigHealth(EnumText.Parse<RigHealthStatus>(HealthStatus), HealthReason, ToTime(HealthCheckedAt.Value)),
            RigReviewJson.Read(Review));
    }

    /// <summary>Drops cached rows after a change made outside this class (renames, rig settings, deletions).</summary>
    internal void Forget(Guid id)
    {
        _towns.TryRemove(id, out _);
        _rigs.TryRemove(id, out _);
    }

    private sealed record AgentRow(string AgentId, string TownId, string StoreId, string Name)
    {
        public static AgentRow From(AgentRegistration agent) =>
            new(Id(agent.AgentId), Id(agent.TownId), Id(agent.StoreId), agent.Name);

        public AgentRegistration ToDomain() => new(ToId(AgentId), ToId(TownId), ToId(StoreId), Name);
    }
}
