namespace Gastown.Testing;

/// <summary>One harness's storage settings (<c>Gastown:Storage:*</c>); a PostgreSQL database is dropped on dispose.</summary>
public sealed class StorageLease(IReadOnlyDictionary<string, string?> settings, PostgresFixture? postgres, string? connectionString) : IAsyncDisposable
{
    /// <summary>Configuration keys to add to the harness's (empty for SQLite).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; } = settings;

    public string? ConnectionString => connectionString;

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null && connectionString is not null) await postgres.DropDatabaseAsync(connectionString);
    }
}
