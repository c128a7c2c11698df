using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Gastown.Testing;

/// <summary>
/// A private PostgreSQL 15 server for one test run (or one benchmark): <c>initdb</c> + <c>pg_ctl</c> in a fresh temp
/// directory, listening on a free loopback port, its unix socket inside that directory; stopped and removed on dispose.
/// When run as root, the binaries run as the <c>postgres</c> OS user (initdb refuses root), through
/// <c>runuser -u postgres --</c> with argument lists. Durability is off (fsync, synchronous_commit): a test database is
/// thrown away, and the tests are about behaviour, not crash safety. No xunit here: the benchmarks link this file.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where the binaries are looked for; <c>GASTOWN_PG_BIN</c> overrides.</summary>
    public static string BinDirectory =>
        Environment.GetEnvironmentVariable("GASTOWN_PG_BIN") is { Length: > 0 } custom ? custom : "/usr/lib/postgresql/15/bin";

    private const string OsUser = "postgres";

    private readonly string _root;
    private readonly bool _asPostgresUser;
    private int _databases;

    private PostgresServer(string root, int port, bool asPostgresUser) => (_root, Port, _asPostgresUser) = (root, port, asPostgresUser);

    public int Port { get; }

    /// <summary>Why the server cannot start here (binaries or the postgres user missing), or null when it can.</summary>
    public static string? MissingReason()
    {
        foreach (var tool in new[] { "initdb", "pg_ctl", "postgres" })
            if (!File.Exists(Path.Combine(BinDirectory, tool)))
                return $"PostgreSQL 15 not found ({Path.Combine(BinDirectory, tool)} is missing): install the Debian package " +
                       "postgresql-15 (.ci/run does), or set GASTOWN_PG_BIN.";
        if (Environment.UserName == "root" && !OsUserExists())
            return $"Running as root, and there is no '{OsUser}' OS user to run PostgreSQL as (initdb refuses root).";
        return null;
    }

    public static async Task<PostgresServer> StartAsync(CancellationToken ct = default)
    {
        if (MissingReason() is { } missing) throw new InvalidOperationException(missing);
        var asPostgresUser = Environment.UserName == "root";
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gastown-pg-{Guid.NewGuid():N}")).FullName;
        var server = new PostgresServer(root, FreePort(), asPostgresUser);
        try
        {
            await server.InitAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The connection string of the server's maintenance database (postgres).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = OsUser,
        Database = database,
        // Many harnesses run in parallel in one test process, each with its own pool: keep each pool small.
        MaxPoolSize = 20,
        Timeout = 30,
        CommandTimeout = 60,
    }.ToString();

    /// <summary>A new, empty database on this server; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "gastown", CancellationToken ct = default)
    {
        if (prefix.Length is 0 or > 24 || !prefix.All(c => c is (>= 'a' and <= 'z') or '_')) throw new ArgumentException("a-z and _ only, up to 24", nameof(prefix));
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection)) await create.ExecuteNonQueryAsync(ct);
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>; connections still open to it are closed by force.</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken ct = default)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataPath, "postmaster.pid")))
                await RunAsync("pg_ctl", ["stop", "-D", DataPath, "-m", "immediate", "-w", "-t", "60"], CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A server still exiting may hold a file; the OS temp cleanup gets it.
        }
    }

    private string DataPath => Path.Combine(_root, "data");

    private string SocketPath => Path.Combine(_root, "socket");

    private async Task InitAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(SocketPath);
        if (_asPostgresUser) await ChownAsync(ct);
        await RunAsync("initdb", ["-D", DataPath, "-U", OsUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], ct);
        // Appended to postgresql.conf rather than passed through pg_ctl -o, which goes through a shell.
        await File.AppendAllTextAsync(Path.Combine(DataPath, "postgresql.conf"), $"""

            listen_addresses = '127.0.0.1'
            port = {Port}
            unix_socket_directories = '{SocketPath}'
            max_connections = 300
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            shared_buffers = 32MB
            log_min_messages = warning

            """, ct);
        await RunAsync("pg_ctl", ["start", "-D", DataPath, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60"], ct);
    }

    private async Task ChownAsync(CancellationToken ct)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown") { ArgumentList = { "-R", $"{OsUser}:", _root } })!;
        await chown.WaitForExitAsync(ct);
        if (chown.ExitCode != 0) throw new InvalidOperationException($"chown of {_root} to {OsUser} failed ({chown.ExitCode}).");
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        if (_asPostgresUser)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", OsUser, "--", Path.Combine(BinDirectory, tool) }) start.ArgumentList.Add(argument);
        }
        else
        {
            start.FileName = Path.Combine(BinDirectory, tool);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException(
                $"{tool} failed ({process.ExitCode}): {await output}{await error}{(File.Exists(log) ? await File.ReadAllTextAsync(log, ct) : "")}");
        }
    }

    private static bool OsUserExists() =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(OsUser + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
