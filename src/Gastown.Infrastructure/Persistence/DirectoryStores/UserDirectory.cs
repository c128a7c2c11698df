using Gastown.Domain.Users;
using System.Data.Common;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.DirectoryStores;

/// <summary>Users and API tokens (only SHA-256 hashes of the secrets), SQL written once for both databases.</summary>
internal sealed class UserDirectory(DirectoryDatabase database) : IUserDirectory
{
    private const string SelectUser = "SELECT id AS Id, name AS Name, created_at AS CreatedAt FROM users";

    // Not cached: the operator's `tokens revoke` runs as another process (or on another node), and must hold at once.
    public async Task<User?> FindByTokenHashAsync(string tokenHash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(
            $"{SelectUser} WHERE id = (SELECT user_id FROM api_tokens WHERE token_hash = @tokenHash AND revoked_at IS NULL)",
            new { tokenHash });
        return user?.ToDomain();
    }

    public async Task<User?> FindByNameAsync(string name, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<UserRow>($"{SelectUser} WHERE name = @name", new { name }))?.ToDomain();
    }

    public async Task<bool> AnyUsersAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM users)");
    }

    public async Task<bool> TryAddUserAsync(User user, ApiToken token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var added = await connection.ExecuteAsync(
            "INSERT INTO users (id, name, created_at) VALUES (@id, @name, @createdAt) ON CONFLICT (name) DO NOTHING",
            new { id = Id(user.Id), name = user.Name, createdAt = Time(user.CreatedAt) }, transaction);
        if (added == 0) return false;
        await InsertTokenAsync(connection, token, transaction);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task AddTokenAsync(ApiToken token, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await InsertTokenAsync(connection, token, null);
    }

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<UserSummaryRow>("""
            SELECT u.id AS Id, u.name AS Name, u.created_at AS CreatedAt,
                   (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS ActiveTokens
            FROM users u ORDER BY u.created_at
            """);
        return [.. rows.Select(row => new UserSummary(ToId(row.Id), row.Name, ToTime(row.CreatedAt), (int)row.ActiveTokens))];
    }

    public async Task<int> RevokeTokensAsync(Guid userId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var revoked = await connection.ExecuteAsync(
            "UPDATE api_tokens SET revoked_at = @at WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId = Id(userId), at = Time(at) });
        return revoked;
    }

    private static Task InsertTokenAsync(DbConnection connection, ApiToken token, DbTransaction? transaction) =>
        connection.ExecuteAsync(
            "INSERT INTO api_tokens (id, user_id, token_hash, created_at, revoked_at) VALUES (@id, @userId, @tokenHash, @createdAt, @revokedAt)",
            new { id = Id(token.Id), userId = Id(token.UserId), tokenHash = token.TokenHash, createdAt = Time(token.CreatedAt), revokedAt = Time(token.RevokedAt) },
            transaction);

    private sealed record UserRow(string Id, string Name, long CreatedAt)
    {
        public User ToDomain() => new(ToId(Id), Name, ToTime(CreatedAt));
    }

    private sealed record UserSummaryRow(string Id, string Name, long CreatedAt, long ActiveTokens);
}
