using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Graph;

/// <summary>Idempotency keys in the directory database, SQL written once for both (decision 0025).</summary>
internal sealed class IdempotencyStore(DirectoryDatabase database) : IIdempotencyStore
{
    public async Task<IdempotencyRecord?> TryClaimAsync(
        Guid userId, string operation, string key, DateTimeOffset now, DateTimeOffset expiredBefore, DateTimeOffset abandonedBefore, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var args = new { user = Id(userId), operation, key, now = Time(now), expired = Time(expiredBefore), abandoned = Time(abandonedBefore) };
        // The primary key decides between racing duplicates: exactly one INSERT takes the key.
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM idempotency_keys
            WHERE user_id = @user AND operation = @operation AND key = @key
              AND (created_at < @expired OR (status IS NULL AND created_at < @abandoned))
            """, args, cancellationToken: ct));
        var claimed = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO idempotency_keys (user_id, operation, key, status, response, created_at)
            VALUES (@user, @operation, @key, NULL, NULL, @now)
            ON CONFLICT (user_id, operation, key) DO NOTHING
            """, args, cancellationToken: ct));
        return claimed == 1 ? null : await GetAsync(userId, operation, key, ct) ?? new IdempotencyRecord(null, null, now);
    }

    public async Task CompleteAsync(Guid userId, string operation, string key, string status, string response, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE idempotency_keys SET status = @status, response = @response WHERE user_id = @user AND operation = @operation AND key = @key",
            new { user = Id(userId), operation, key, status, response }, cancellationToken: ct));
    }

    public async Task ReleaseAsync(Guid userId, string operation, string key, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE user_id = @user AND operation = @operation AND key = @key AND status IS NULL",
            new { user = Id(userId), operation, key }, cancellationToken: ct));
    }

    public async Task<IdempotencyRecord?> GetAsync(Guid userId, string operation, string key, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT status AS Status, response AS Response, created_at AS CreatedAt FROM idempotency_keys WHERE user_id = @user AND operation = @operation AND key = @key",
            new { user = Id(userId), operation, key }, cancellationToken: ct));
        return row is null ? null : new IdempotencyRecord(row.Status, row.Response, ToTime(row.CreatedAt));
    }

    private sealed class Row
    {
        public string? Status { get; init; }
        public string? Response { get; init; }
        public long CreatedAt { get; init; }
    }
}
