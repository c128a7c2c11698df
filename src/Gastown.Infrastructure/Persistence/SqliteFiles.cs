using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Gastown.Infrastructure.Persistence;

/// <summary>
/// Opening SQLite files the one way Gastown does: WAL, synchronous=NORMAL (a process crash loses no commit),
/// foreign keys on, and the numbered migration scripts of the file's schema applied on first open, tracked with
/// PRAGMA user_version.
/// </summary>
internal static class SqliteFiles
{
    /// <summary>
    /// How many ledger files may keep pooled (open) connections. Each holds file descriptors and a page cache, so
    /// with thousands of rigs an unbounded pool runs out of descriptors; the least recently used are closed.
    /// </summary>
    public const int MaxPooledLedgers = 256;

    private static readonly ConcurrentDictionary<string, (int Version, string Sql)[]> ScriptsBySchema = new();
    private static readonly ConcurrentDictionary<string, bool> Migrated = new();
    private static readonly ConcurrentDictionary<string, long> LedgerLastUse = new(StringComparer.Ordinal);
    private static readonly Lock EvictionGate = new();

    // Physical connections (native handles) whose per-connection PRAGMAs are set. A pooled connection keeps its
    // handle, and the PRAGMAs with it, so they run once per handle instead of once per open (three statements that
    // were a tenth of a sling). A handle closed by the pool is collected and its entry goes with it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object ConfiguredMark = new();

    static SqliteFiles()
    {
        // Every file of a schema has the same columns, so Dapper's cached readers can be shared across files: its
        // cache key otherwise includes the connection string, which would build one cache per rig.
        SqlMapper.ConnectionStringComparer = AnyConnectionString.Instance;
    }

    // Built once per file: the builder's ToString on every open was an allocation and a parse per session.
    private static readonly ConcurrentDictionary<string, string> ConnectionStrings = new(StringComparer.Ordinal);

    public static string ConnectionString(string path) =>
        ConnectionStrings.GetOrAdd(path, static file => new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString());

    /// <summary>Opens a connection; the file must exist unless <paramref name="create"/>; migrates it once per process.</summary>
    public static async Task<SqliteConnection> OpenAsync(string path, string schema, bool create, CancellationToken ct)
    {
        if (!create && !File.Exists(path)) throw new FileNotFoundException($"No SQLite file at {path}.", path);

        var connection = new SqliteConnection(ConnectionString(path));
        try
        {
            await connection.OpenAsync(ct);
            if (schema == LedgerSchema) TrackLedgerUse(path);
            // busy_timeout: a writer that meets another waits inside SQLite, in fine steps, instead of the driver's
            // coarse 150 ms sleep between retries (measured as the worst sling latencies).
            if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
            {
                await connection.ExecuteAsync("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;");
                Configured.AddOrUpdate(handle, ConfiguredMark);
            }
            if (!Migrated.ContainsKey(path))
            {
                await MigrateAsync(connection, schema, ct);
                Migrated[path] = true;
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Forgets a deleted file, so a new file at the same path is migrated again.</summary>
    public static void Forget(string path)
    {
        Migrated.TryRemove(path, out _);
        LedgerLastUse.TryRemove(path, out _);
        ClearPool(path);
        ConnectionStrings.TryRemove(path, out _);
    }

    public const string LedgerSchema = "Ledger";

    private static void TrackLedgerUse(string path)
    {
        LedgerLastUse[path] = Environment.TickCount64;
        if (LedgerLastUse.Count <= MaxPooledLedgers + MaxPooledLedgers / 8) return;

        // Evict in batches (down to the cap), so the sort is paid once per batch, not per open.
        lock (EvictionGate)
        {
            if (LedgerLastUse.Count <= MaxPooledLedgers) return;
            // A snapshot: other opens add entries meanwhile, and sorting a dictionary that changes underneath throws.
            var uses = LedgerLastUse.ToArray();
            foreach (var (stale, _) in uses.OrderBy(use => use.Value).Take(uses.Length - MaxPooledLedgers))
            {
                LedgerLastUse.TryRemove(stale, out _);
                ClearPool(stale);
            }
        }
    }

    private static void ClearPool(string path)
    {
        using var connection = new SqliteConnection(ConnectionString(path));
        SqliteConnection.ClearPool(connection);
    }

    private sealed class AnyConnectionString : IEqualityComparer<string>
    {
        public static readonly AnyConnectionString Instance = new();

        public bool Equals(string? x, string? y) => true;

        public int GetHashCode(string obj) => 0;
    }

    private static async Task MigrateAsync(SqliteConnection connection, string schema, CancellationToken ct)
    {
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        var scripts = ScriptsBySchema.GetOrAdd(schema, LoadScripts);

        await using var transaction = connection.BeginTransaction();
        var current = await connection.ExecuteScalarAsync<int>("PRAGMA user_version;", transaction: transaction);
        foreach (var (version, sql) in scripts.Where(script => script.Version > current))
        {
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync($"PRAGMA user_version = {version};", transaction: transaction);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Embedded scripts named Migrations/&lt;schema&gt;/NNNN_name.sql, in number order.</summary>
    private static (int Version, string Sql)[] LoadScripts(string schema)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = $"{typeof(SqliteFiles).Namespace}.Migrations.{schema}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
                var fileName = name[prefix.Length..];
                return (Version: int.Parse(fileName[..fileName.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture), Sql: reader.ReadToEnd());
            })
            .OrderBy(script => script.Version)
            .ToArray();
    }
}
