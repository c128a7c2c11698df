using Npgsql;

namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>The shared database, migrated before the first connection is handed out (like SqliteDirectoryFile for SQLite).</summary>
internal sealed class PostgresDatabase(NpgsqlDataSource dataSource, PostgresMigrator migrator)
{
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        await migrator.EnsureMigratedAsync(ct);
        return await dataSource.OpenConnectionAsync(ct);
    }
}
