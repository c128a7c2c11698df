using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gastown.Benchmarks.Support;
using Gastown.Testing;
using Npgsql;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 2b (<c>http-nodes</c>, issue 13): the HTTP sling of measure 2 against 1, 2 and 3 real server PROCESSES on one
/// private PostgreSQL 15 (decision 0016: each node its own data directory, node id and internal URL, one cluster
/// secret), slings sent round-robin over the nodes' base URLs, 64 closed-loop clients over 16 rigs, a fixed window.
/// Baselines in the same run: <c>GET /api/me</c> on one node, and the same one-node sling on the default SQLite (the
/// postgres ÷ sqlite ratio over HTTP). The user is the admin node 1 prints; its town and rigs are created once through
/// node 1's API, a fresh set of 16 rigs per window so every window starts from empty queues. The server runs with
/// <c>Gastown:MaxPolecatsPerRig=0</c>: every rig is at its polecat cap, so every sling queues and no agent, clone or
/// git work runs during a window (measure 2's bench container queues after the first five slings per rig). Nodes are
/// added one at a time, so a window runs exactly as many processes as it measures.
/// </summary>
public static class HttpNodesScenario
{
    public const string Name = "2b HTTP sling on 1-3 nodes";
    private const int Clients = 64;
    private const int Rigs = 16;
    private const int MaxNodes = 3;
    private const string Secret = "bench-cluster-secret";

    public static async Task RunAsync(RunOptions options)
    {
        var window = TimeSpan.FromSeconds(options.Quick ? 10 : 30);
        var warm = TimeSpan.FromSeconds(options.Quick ? 5 : 10);
        Console.WriteLine($"== {Name}: {Clients} clients over {Rigs} rigs, {window.TotalSeconds:0} s windows, server processes on loopback");
        if (PostgresServer.MissingReason() is { } missing)
        {
            Note($"http-nodes skipped: {missing}");
            return;
        }

        var root = Directory.CreateTempSubdirectory("gastown-bench-nodes-").FullName;
        var servers = new List<ServerProcess>();
        PostgresServer? postgres = null;
        try
        {
            // 1. SQLite, one node: the provider baseline.
            var sqliteNode = await StartNodeAsync(options, Path.Combine(root, "sqlite"), new Dictionary<string, string>(), servers);
            var sqlite = await MeasureSqliteAsync(sqliteNode, window, warm);
            await StopAsync(sqliteNode, servers, "sqlite node", options);

            // 2. PostgreSQL: node 1 alone (it migrates and prints the admin), then a node more per window.
            postgres = await PostgresServer.StartAsync();
            // The tests keep each pool at 20 (many harnesses per process); a node here is alone in its process: Npgsql's default.
            var connectionString = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync("bench_nodes")) { MaxPoolSize = 100 }.ToString();
            var nodes = new List<ServerProcess> { await StartClusterNodeAsync(options, root, 1, connectionString, servers) };
            var token = await AdminTokenAsync(nodes[0]);
            using var setup = Client(nodes[0], token, 8);
            var town = await GastownApi.CreateTownAsync(setup, "bench");
            var warmRigs = await GastownApi.CreateRigsAsync(setup, town, "warm-up", Rigs);
            var rigSets = new Guid[MaxNodes][];
            for (var n = 0; n < MaxNodes; n++) rigSets[n] = await GastownApi.CreateRigsAsync(setup, town, $"nodes{n + 1}", Rigs);
            using var http = Client(nodes[0], token, Clients);

            await LoadDriver.RunAsync("warm-up GET /api/me", http, Me(nodes), HttpStatusCode.OK, Clients, TimeSpan.Zero, warm, quiet: true);
            await LoadDriver.RunAsync("warm-up sling", http, Sling(nodes, warmRigs), HttpStatusCode.Created, Clients, TimeSpan.Zero, warm, quiet: true);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var me = await LoadDriver.RunAsync("GET /api/me, 1 node (postgres)", http, Me(nodes), HttpStatusCode.OK, Clients, TimeSpan.FromSeconds(1), window);

            var results = new LoadResult[MaxNodes];
            for (var count = 1; count <= MaxNodes; count++)
            {
                if (count > 1)
                {
                    nodes.Add(await StartClusterNodeAsync(options, root, count, connectionString, servers));
                    // The new node's JIT warms up on the warm-up rigs, through every node as the window will run.
                    await LoadDriver.RunAsync($"warm-up sling, {count} nodes", http, Sling(nodes, warmRigs), HttpStatusCode.Created, Clients, TimeSpan.Zero, warm, quiet: true);
                    await Task.Delay(TimeSpan.FromSeconds(2));
                }
                results[count - 1] = await LoadDriver.RunAsync($"POST sling, {count} node{(count > 1 ? "s" : "")} (postgres)", http,
                    Sling(nodes, rigSets[count - 1]), HttpStatusCode.Created, Clients, TimeSpan.Zero, window);
            }

            AddFigures(me, sqlite, results);
            for (var n = 0; n < nodes.Count; n++) NoteErrors(nodes[n], $"postgres node {n + 1}", options);
        }
        finally
        {
            // Every process stopped (SIGTERM, then killed), PostgreSQL stopped, every temp dir removed, even on failure.
            foreach (var server in servers)
            {
                try
                {
                    await server.DisposeAsync();
                }
                catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                }
            }
            if (postgres is not null) await postgres.DisposeAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private sealed record SqliteRun(LoadResult Me, LoadResult Sling);

    private static async Task<SqliteRun> MeasureSqliteAsync(ServerProcess node, TimeSpan window, TimeSpan warm)
    {
        var token = await AdminTokenAsync(node);
        using var setup = Client(node, token, 8);
        var town = await GastownApi.CreateTownAsync(setup, "bench");
        var warmRigs = await GastownApi.CreateRigsAsync(setup, town, "warm-up", Rigs);
        var rigs = await GastownApi.CreateRigsAsync(setup, town, "rig", Rigs);
        using var http = Client(node, token, Clients);
        var nodes = new List<ServerProcess> { node };
        await LoadDriver.RunAsync("warm-up GET /api/me", http, Me(nodes), HttpStatusCode.OK, Clients, TimeSpan.Zero, warm, quiet: true);
        await LoadDriver.RunAsync("warm-up sling", http, Sling(nodes, warmRigs), HttpStatusCode.Created, Clients, TimeSpan.Zero, warm, quiet: true);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var me = await LoadDriver.RunAsync("GET /api/me, 1 node (sqlite)", http, Me(nodes), HttpStatusCode.OK, Clients, TimeSpan.FromSeconds(1), window);
        var sling = await LoadDriver.RunAsync("POST sling, 1 node (sqlite)", http, Sling(nodes, rigs), HttpStatusCode.Created, Clients, TimeSpan.Zero, window);
        return new SqliteRun(me, sling);
    }

    private static void AddFigures(LoadResult me, SqliteRun sqlite, LoadResult[] nodes)
    {
        var one = nodes[0];
        Add(new Figure(Name, "GET /api/me, 1 node (postgres)", $"{F(me.RequestsPerSecond, "0")} req/s",
            $"sqlite node {F(sqlite.Me.RequestsPerSecond, "0")} req/s", $"{F(me.RequestsPerSecond / sqlite.Me.RequestsPerSecond)}×", "info", null,
            $"p50 / p99 {F(me.Latency.P50)} / {F(me.Latency.P99)} ms (sqlite {F(sqlite.Me.Latency.P50)} / {F(sqlite.Me.Latency.P99)} ms); {me.Failed} failed"));
        Add(new Figure(Name, $"sling, 1 node: postgres vs sqlite ({Clients} clients, {Rigs} rigs)",
            $"{F(one.RequestsPerSecond, "0")} req/s, p50 / p99 {F(one.Latency.P50)} / {F(one.Latency.P99)} ms",
            $"sqlite {F(sqlite.Sling.RequestsPerSecond, "0")} req/s, p50 / p99 {F(sqlite.Sling.Latency.P50)} / {F(sqlite.Sling.Latency.P99)} ms",
            $"{F(one.RequestsPerSecond / sqlite.Sling.RequestsPerSecond)}× throughput, {F(one.Latency.P99 / sqlite.Sling.Latency.P99)}× p99", "info", null,
            $"{sqlite.Sling.Failed} failed on sqlite; sqlite sling is {F(sqlite.Sling.RequestsPerSecond / sqlite.Me.RequestsPerSecond * 100, "0")} % of its GET /api/me"));
        for (var n = 0; n < nodes.Length; n++)
        {
            var result = nodes[n];
            Add(new Figure(Name, $"sling throughput, {n + 1} node{(n > 0 ? "s" : "")} on one PostgreSQL (round-robin)",
                $"{F(result.RequestsPerSecond, "0")} req/s",
                n == 0 ? $"GET /api/me 1 node {F(me.RequestsPerSecond, "0")} req/s" : $"1 node {F(one.RequestsPerSecond, "0")} req/s; GET /api/me {F(me.RequestsPerSecond, "0")} req/s",
                n == 0 ? $"{F(result.RequestsPerSecond / me.RequestsPerSecond * 100, "0")} % of /api/me"
                    : $"{F(result.RequestsPerSecond / one.RequestsPerSecond)}× 1 node, {F(result.RequestsPerSecond / me.RequestsPerSecond * 100, "0")} % of /api/me",
                "info", null,
                $"{result.Failed} failed; req/s by quarter of the window: {string.Join(" → ", result.ThroughputBySlice.Select(v => F(v, "0")))}"
                + (result.FirstFailure is null ? "" : $"; first failure: {result.FirstFailure[..Math.Min(100, result.FirstFailure.Length)]}")));
            Add(new Figure(Name, $"sling latency p50 / p99, {n + 1} node{(n > 0 ? "s" : "")}",
                $"{F(result.Latency.P50)} / {F(result.Latency.P99)} ms",
                $"GET /api/me 1 node {F(me.Latency.P50)} / {F(me.Latency.P99)} ms",
                $"{F(result.Latency.P50 / me.Latency.P50)}× / {F(result.Latency.P99 / me.Latency.P99)}×", "info", null,
                $"max {F(result.Latency.Max, "0")} ms"));
        }
        Note($"http-nodes: {Environment.ProcessorCount} cores shared by the load driver, every node and PostgreSQL: more processes on the same cores add "
             + "capacity only while one node leaves cores idle; the figure is the cost per node as much as the scaling");
    }

    private static Func<long, HttpRequestMessage> Me(List<ServerProcess> nodes)
    {
        var bases = nodes.Select(n => n.BaseAddress).ToArray();
        return n => new HttpRequestMessage(HttpMethod.Get, new Uri(bases[n % bases.Length], "/api/me"));
    }

    /// <summary>Slings round-robin over the nodes (and over the rigs); a snapshot of the nodes, so one added later is not used.</summary>
    private static Func<long, HttpRequestMessage> Sling(List<ServerProcess> nodes, Guid[] rigs)
    {
        var bases = nodes.Select(n => n.BaseAddress).ToArray();
        return n => new HttpRequestMessage(HttpMethod.Post, new Uri(bases[n % bases.Length], $"/api/rigs/{rigs[n / bases.Length % rigs.Length]}/sling"))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"title\":\"bench sling {n}\"}}"))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            },
        };
    }

    private static Dictionary<string, string> Common() => new()
    {
        // Every rig at its polecat cap: slings queue, no agent/clone/git work runs (see the summary).
        ["Gastown__MaxPolecatsPerRig"] = "0",
        ["Logging__LogLevel__Npgsql"] = "Warning",
        ["Logging__LogLevel__Quartz"] = "Warning",
    };

    private static Task<ServerProcess> StartClusterNodeAsync(RunOptions options, string root, int node, string connectionString, List<ServerProcess> servers)
    {
        var port = ServerProcess.FreePort();
        return StartNodeAsync(options, Path.Combine(root, $"node-{node}"), new Dictionary<string, string>
        {
            ["Gastown__Storage__Provider"] = "postgres",
            ["Gastown__Storage__ConnectionString"] = connectionString,
            ["Gastown__Cluster__Secret"] = Secret,
            ["Gastown__Cluster__NodeId"] = $"node-{node}",
            ["Gastown__Cluster__InternalUrl"] = $"http://127.0.0.1:{port}/",
        }, servers, port);
    }

    private static async Task<ServerProcess> StartNodeAsync(
        RunOptions options, string dataDir, Dictionary<string, string> environment, List<ServerProcess> servers, int? port = null)
    {
        Directory.CreateDirectory(dataDir);
        foreach (var (key, value) in Common()) environment.TryAdd(key, value);
        var server = await ServerProcess.StartAsync(options.RepositoryRoot, dataDir, environment, port);
        servers.Add(server);
        return server;
    }

    private static async Task StopAsync(ServerProcess server, List<ServerProcess> servers, string name, RunOptions options)
    {
        NoteErrors(server, name, options);
        servers.Remove(server);
        await server.DisposeAsync();
    }

    private static void NoteErrors(ServerProcess server, string name, RunOptions options)
    {
        var errors = server.CountLines("fail:") + server.CountLines("crit:");
        if (errors == 0 && !server.HasExited) return;
        var first = server.Lines.FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim();
        var log = Path.GetFileName(server.SaveLog(options.ArtifactsPath, $"http-nodes-{name.Replace(' ', '-')}"));
        Note($"http-nodes, {name}: {errors} error lines logged{(server.ExitDescription is { } exit ? $", the server {exit}" : "")}; first exception line: {first}"
             + $" (server log: {log} in the artifacts folder)");
    }

    private static async Task<string> AdminTokenAsync(ServerProcess server)
    {
        const string marker = "Admin token: ";
        var admin = await server.WaitForLineAsync(marker, TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("The server printed no admin token.");
        return admin.Line[(admin.Line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim();
    }

    /// <summary>A keep-alive client; requests with an absolute URI go to any node, relative ones (setup) to <paramref name="node"/>.</summary>
    private static HttpClient Client(ServerProcess node, string token, int connections) => LoopbackHttp.CreateClient(node.BaseAddress, token, connections);
}
