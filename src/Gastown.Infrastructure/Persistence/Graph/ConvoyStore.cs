using Gastown.Domain.Convoys;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Graph;

/// <summary>Convoys in the directory database, SQL written once for both (decision 0025).</summary>
internal sealed class ConvoyStore(DirectoryDatabase database) : IConvoyStore
{
    private const string Columns =
        "id AS Id, town_id AS TownId, title AS Title, mode AS Mode, status AS Status, staged AS Staged, released AS Released, " +
        "created_at AS CreatedAt, updated_at AS UpdatedAt, landed_at AS LandedAt, closed_at AS ClosedAt";

    private const string BeadColumns = "convoy_id AS ConvoyId, bead_id AS BeadId, store_id AS StoreId, position AS Position";

    public async Task InsertAsync(Convoy convoy, IReadOnlyList<ConvoyBead> beads, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await database.BeginWriteAsync(connection, convoy.TownId, ct);
        await connection.ExecuteAsync("""
            INSERT INTO convoys (id, town_id, title, mode, status, staged, released, created_at, updated_at, landed_at, closed_at)
            VALUES (@Id, @TownId, @Title, @Mode, @Status, @Staged, @Released, @CreatedAt, @UpdatedAt, @LandedAt, @ClosedAt)
            """, ConvoyRow.From(convoy), transaction);
        foreach (var bead in beads)
            await connection.ExecuteAsync(
                "INSERT INTO convoy_beads (convoy_id, bead_id, store_id, position) VALUES (@ConvoyId, @BeadId, @StoreId, @Position)",
                BeadRow.From(bead), transaction);
        await transaction.CommitAsync(ct);
    }

    public async Task<Convoy?> GetAsync(Guid convoyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<ConvoyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM convoys WHERE id = @id", new { id = Id(convoyId) }, cancellationToken: ct)))?.ToDomain();
    }

    public async Task<IReadOnlyList<Convoy>> ListAsync(Guid townId, ConvoyStatus? status, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ConvoyRow>(new CommandDefinition($"""
            SELECT {Columns} FROM convoys
            WHERE town_id = @town AND status <> 'creating' AND (CAST(@status AS TEXT) IS NULL OR status = @status)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { town = Id(townId), status = status?.ToText(), limit }, cancellationToken: ct));
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task<IReadOnlyList<ConvoyBead>> ListBeadsAsync(Guid convoyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<BeadRow>(new CommandDefinition(
            $"SELECT {BeadColumns} FROM convoy_beads WHERE convoy_id = @id ORDER BY position, bead_id", new { id = Id(convoyId) }, cancellationToken: ct));
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task<Guid?> FindConvoyOfAsync(Guid beadId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var id = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT convoy_id FROM convoy_beads WHERE bead_id = @bead", new { bead = Id(beadId) }, cancellationToken: ct));
        return ToOptionalId(id);
    }

    public async Task<bool> TryTransitionAsync(Guid convoyId, IReadOnlyCollection<ConvoyStatus> from, ConvoyStatus to, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(database.Dialect.Rewrite("""
            UPDATE convoys SET status = @to, updated_at = @now,
                landed_at = CASE WHEN @to = 'landed' THEN @now ELSE landed_at END,
                closed_at = CASE WHEN @to = 'closed' THEN @now ELSE closed_at END
            WHERE id = @id AND status IN @from
            """), new { id = Id(convoyId), to = to.ToText(), from = from.Select(status => status.ToText()).ToArray(), now = Time(now) },
            cancellationToken: ct)) == 1;
    }

    public async Task SetReleasedAsync(Guid convoyId, bool released, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE convoys SET released = @released WHERE id = @id", new { id = Id(convoyId), released = released ? 1L : 0L }, cancellationToken: ct));
    }

    public async Task<bool> TryAddBeadAsync(ConvoyBead bead, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO convoy_beads (convoy_id, bead_id, store_id, position)
            VALUES (@ConvoyId, @BeadId, @StoreId, (SELECT COALESCE(MAX(position) + 1, 0) FROM convoy_beads WHERE convoy_id = @ConvoyId))
            ON CONFLICT DO NOTHING
            """, BeadRow.From(bead), cancellationToken: ct)) == 1;
    }

    public async Task<bool> RemoveBeadAsync(Guid convoyId, Guid beadId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM convoy_beads WHERE convoy_id = @convoy AND bead_id = @bead", new { convoy = Id(convoyId), bead = Id(beadId) }, cancellationToken: ct)) == 1;
    }

    public async Task DeleteAsync(Guid convoyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var args = new { id = Id(convoyId) };
        await connection.ExecuteAsync("DELETE FROM convoy_beads WHERE convoy_id = @id", args, transaction);
        await connection.ExecuteAsync("DELETE FROM convoys WHERE id = @id", args, transaction);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<Convoy>> ListUnfinishedAsync(DateTimeOffset createdBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ConvoyRow>(new CommandDefinition($"""
            SELECT {Columns} FROM convoys
            WHERE (status = 'creating' OR (status IN ('active', 'blocked') AND released = 0)) AND created_at < @before
            ORDER BY created_at LIMIT 100
            """, new { before = Time(createdBefore) }, cancellationToken: ct));
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task<IReadOnlyList<Convoy>> ListLandingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ConvoyRow>(new CommandDefinition(
            $"SELECT {Columns} FROM convoys WHERE status = 'landing' ORDER BY created_at LIMIT 100", cancellationToken: ct));
        return [.. rows.Select(row => row.ToDomain())];
    }

    public async Task AppendEventAsync(Guid townId, Guid convoyId, ConvoyEventType type, string? detail, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO convoy_events (town_id, convoy_id, type, detail, created_at) VALUES (@town, @convoy, @type, @detail, @now)",
            new { town = Id(townId), convoy = Id(convoyId), type = type.ToText(), detail, now = Time(now) }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<ConvoyEvent>> ListEventsAsync(Guid townId, DateTimeOffset? since, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition("""
            SELECT id AS Id, town_id AS TownId, convoy_id AS ConvoyId, type AS Type, detail AS Detail, created_at AS CreatedAt
            FROM convoy_events WHERE town_id = @town AND (CAST(@since AS BIGINT) IS NULL OR created_at >= @since)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { town = Id(townId), since = Time(since), limit }, cancellationToken: ct));
        return [.. rows.Select(row => new ConvoyEvent(row.Id, ToId(row.TownId), ToId(row.ConvoyId), EnumText.Parse<ConvoyEventType>(row.Type), row.Detail, ToTime(row.CreatedAt)))];
    }

    private sealed class ConvoyRow
    {
        public string Id { get; init; } = "";
        public string TownId { get; init; } = "";
        public string Title { get; init; } = "";
        public string Mode { get; init; } = "";
        public string Status { get; init; } = "";
        public long Staged { get; init; }
        public long Released { get; init; }
        public long CreatedAt { get; init; }
        public long UpdatedAt { get; init; }
        public long? LandedAt { get; init; }
        public long? ClosedAt { get; init; }

        public static ConvoyRow From(Convoy convoy) => new()
        {
            Id = DbValues.Id(convoy.Id), TownId = DbValues.Id(convoy.TownId), Title = convoy.Title, Mode = convoy.Mode.ToText(),
            Status = convoy.Status.ToText(), Staged = convoy.Staged ? 1 : 0, Released = convoy.Released ? 1 : 0,
            CreatedAt = Time(convoy.CreatedAt), UpdatedAt = Time(convoy.UpdatedAt), LandedAt = Time(convoy.LandedAt), ClosedAt = Time(convoy.ClosedAt),
        };

        public Convoy ToDomain() => new(ToId(Id), ToId(TownId), Title, EnumText.Parse<ConvoyMode>(Mode), EnumText.Parse<ConvoyStatus>(Status),
            Staged != 0, ToTime(CreatedAt), ToTime(UpdatedAt), ToTime(LandedAt), ToTime(ClosedAt), Released != 0);
    }

    private sealed class BeadRow
    {
        public string ConvoyId { get; init; } = "";
        public string BeadId { get; init; } = "";
        public string StoreId { get; init; } = "";
        public long Position { get; init; }

        public static BeadRow From(ConvoyBead bead) =>
            new() { ConvoyId = Id(bead.ConvoyId), BeadId = Id(bead.BeadId), StoreId = Id(bead.StoreId), Position = bead.Position };

        public ConvoyBead ToDomain() => new(ToId(ConvoyId), ToId(BeadId), ToId(StoreId), (int)Position);
    }

    private sealed class EventRow
    {
        public long Id { get; init; }
        public string TownId { get; init; } = "";
        public string ConvoyId { get; init; } = "";
        public string Type { get; init; } = "";
        public string? Detail { get; init; }
        public long CreatedAt { get; init; }
    }
}
