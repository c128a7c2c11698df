using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>
/// Applies the embedded PostgreSQL scripts <c>Persistence/Migrations/Postgres/&lt;Area&gt;/NNNN_name.sql</c>, tracked
/// in <c>schema_migrations (area, version)</c>. Areas are found from the embedded resources (Directory, Ledger,
/// Cluster, …), so a new area is only a new folder. Everything runs in one transaction under a transaction-scoped
/// advisory lock: nodes starting together queue on it, the first migrates, the others then find nothing to do.
/// </summary>
public sealed class PostgresMigrator(NpgsqlDataSource dataSource, ILogger<PostgresMigrator>? logger = null)
{
    /// <summary>Applied first, in this order (another area's tables may refer to theirs); the rest by name.</summary>
    public static readonly string[] LeadingAreas = ["Directory", "Ledger"];

    private static readonly string Prefix = $"{typeof(PostgresMigrator).Namespace![..^".Postgres".Length]}.Migrations.Postgres.";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger<PostgresMigrator>.Instance;
    private volatile bool _migrated;

    /// <summary>Whether this process has migrated the database already.</summary>
    public bool IsMigrated => _migrated;

    /// <summary>Migrates once per process (a failure is retried on the next call); then returns at once.</summary>
    public async ValueTask EnsureMigratedAsync(CancellationToken ct)
    {
        if (_migrated) return;
        await _gate.WaitAsync(ct);
        try
        {
            if (_migrated) return;
            var applied = await MigrateAsync(dataSource, ct);
            foreach (var (area, version) in applied) _logger.LogInformation("Applied PostgreSQL migration {Area} {Version:0000}", area, version);
            _migrated = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies every script not yet recorded; returns what it applied (empty when up to date).</summary>
    public static async Task<IReadOnlyList<(string Area, int Version)>> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var scripts = Scripts();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = PostgresLocks.Migrations }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                area        text        NOT NULL,
                version     integer     NOT NULL,
                name        text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (area, version)
            )
            """, transaction: transaction, cancellationToken: ct));
        var done = (await connection.QueryAsync<(string Area, int Version)>(new CommandDefinition(
                "SELECT area, version FROM schema_migrations", transaction: transaction, cancellationToken: ct)))
            .ToHashSet();

        var applied = new List<(string, int)>();
        foreach (var script in scripts.Where(script => !done.Contains((script.Area, script.Version))))
        {
            await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (area, version, name) VALUES (@Area, @Version, @Name)",
                new { script.Area, script.Version, script.Name }, transaction, cancellationToken: ct));
            applied.Add((script.Area, script.Version));
        }
        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>Every embedded script, leading areas first, then by area name, then by number.</summary>
    public static IReadOnlyList<MigrationScript> Scripts()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(script => Array.IndexOf(LeadingAreas, script.Area) is var lead and >= 0 ? lead : LeadingAreas.Length)
            .ThenBy(script => script.Area, StringComparer.Ordinal)
            .ThenBy(script => script.Version)];
    }

    private static MigrationScript Load(Assembly assembly, string resource)
    {
        // <Prefix><Area>.<NNNN_name>.sql
        var rest = resource[Prefix.Length..^".sql".Length];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var (area, file) = (rest[..dot], rest[(dot + 1)..]);
        var underscore = file.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(file[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidOperationException($"PostgreSQL migration '{resource}' is not named NNNN_name.sql.");
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return new MigrationScript(area, version, file[(underscore + 1)..], reader.ReadToEnd());
    }
}
