using Microsoft.Extensions.Configuration;

namespace Gastown.Infrastructure.Persistence;

/// <summary>
/// The "Gastown:Storage" section: which engine holds the directory and the ledger stores. <c>sqlite</c> (the default)
/// keeps one file per store under the data directory; <c>postgres</c> keeps everything in one PostgreSQL database
/// (decision 0015), so several nodes can share it.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Gastown:Storage";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; init; } = Sqlite;

    /// <summary>An Npgsql connection string; required with <c>postgres</c>, ignored with <c>sqlite</c>.</summary>
    public string? ConnectionString { get; init; }

    public bool IsPostgres => Provider == Postgres;

    /// <summary>
    /// Reads and checks the section at start-up: the provider decides which stores are registered, so a typo must stop
    /// the server with a message naming the key, not fall back to SQLite silently. The connection string is never echoed.
    /// </summary>
    public static StorageOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var provider = section["Provider"] is { Length: > 0 } configured ? configured.Trim().ToLowerInvariant() : Sqlite;
        if (provider is not (Sqlite or Postgres))
            throw new InvalidOperationException(
                $"Configuration '{Section}:Provider' must be '{Sqlite}' or '{Postgres}' (got '{section["Provider"]}').");
        var connectionString = section["ConnectionString"];
        if (provider == Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    $"Configuration '{Section}:ConnectionString' is required when '{Section}:Provider' is '{Postgres}' " +
                    "(e.g. Host=db;Database=gastown;Username=gastown;Password=…; or the environment variable Gastown__Storage__ConnectionString).");
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException e)
            {
                // The message names the bad keyword, never the value (which may hold a password).
                throw new InvalidOperationException($"Configuration '{Section}:ConnectionString' is not a valid PostgreSQL connection string: {e.Message}");
            }
        }
        return new StorageOptions { Provider = provider, ConnectionString = connectionString };
    }
}
