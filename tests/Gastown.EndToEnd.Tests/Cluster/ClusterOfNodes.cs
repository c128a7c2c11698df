using System.Globalization;
using Gastown.EndToEnd.Tests.Support;

namespace Gastown.EndToEnd.Tests.Cluster;

/// <summary>
/// Several real Gastown server processes on one PostgreSQL database (decision 0016): each node has its own data
/// directory (its workspaces) and id, all share the cluster secret. Heartbeats every 2 s, so a killed node is dead
/// after ten seconds; alarms as fast as the single-node end-to-end tests.
/// </summary>
public sealed class ClusterOfNodes : IAsyncDisposable
{
    public const string Secret = "e2e-cluster-secret";

    private ClusterOfNodes(TempDirectory temp, string connectionString) => (Temp, ConnectionString) = (temp, connectionString);

    public TempDirectory Temp { get; }

    public string ConnectionString { get; }

    public List<GastownServer> Nodes { get; } = [];

    public string AdminToken { get; private set; } = "";

    public static async Task<ClusterOfNodes> StartAsync(PostgresFixture postgres, int nodes, IReadOnlyDictionary<string, string>? extra = null)
    {
        var cluster = new ClusterOfNodes(new TempDirectory("gastown-cluster"), await postgres.CreateDatabaseAsync("cluster"));
        try
        {
            // The first node alone first: it migrates the database and creates (and prints) the admin.
            cluster.Nodes.Add(await GastownServer.StartAsync(cluster.DataDirectory(1), cluster.Settings(1, extra)));
            cluster.AdminToken = cluster.Nodes[0].AdminToken ?? throw new InvalidOperationException("The first node printed no admin token.");
            var others = await Task.WhenAll(Enumerable.Range(2, nodes - 1)
                .Select(node => GastownServer.StartAsync(cluster.DataDirectory(node), cluster.Settings(node, extra))));
            cluster.Nodes.AddRange(others);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the nodes, runs <paramref name="test"/> on them, and on failure adds each node's state and log to the message.</summary>
    public static async Task RunAsync(
        PostgresFixture postgres, int nodes, IReadOnlyDictionary<string, string>? extra, Func<ClusterOfNodes, Task> test)
    {
        await using var cluster = await StartAsync(postgres, nodes, extra);
        try
        {
            await test(cluster);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"{e.Message}\n{cluster.Diagnostics()}", e);
        }
    }

    public static string NodeId(int node) => $"node-{node}";

    public string DataDirectory(int node) => Path.Combine(Temp.Path, NodeId(node));

    public GastownApi Api(int node) => new(Nodes[node - 1].Client(AdminToken));

    private Dictionary<string, string> Settings(int node, IReadOnlyDictionary<string, string>? extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Gastown:Storage:Provider"] = "postgres",
            ["Gastown:Storage:ConnectionString"] = ConnectionString,
            ["Gastown:Cluster:NodeId"] = NodeId(node),
            ["Gastown:Cluster:Secret"] = Secret,
            // Dead after 10 s of silence: short for a test, long enough that a live node on a loaded 2-core machine
            // is never taken for dead.
            ["Gastown:Cluster:HeartbeatInterval"] = "00:00:02",
            ["Gastown:Cluster:MissedHeartbeats"] = "5",
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            ["Gastown:Container:StopGracePeriod"] = "00:00:02",
            ["Logging:LogLevel:Npgsql"] = "Warning",
            ["Logging:LogLevel:Quartz"] = "Warning",
            ["Logging:LogLevel:ModelContextProtocol"] = "Warning",
        };
        for (var attempt = 0; attempt < 5; attempt++)
            settings[$"Gastown:Alarm:DispatchBackoff:{attempt.ToString(CultureInfo.InvariantCulture)}"] = "00:00:00.100";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) settings[key] = value;
        return settings;
    }

    /// <summary>For a failure message: each node's state, its errors and the end of its log.</summary>
    public string Diagnostics()
    {
        var text = new System.Text.StringBuilder();
        for (var node = 1; node <= Nodes.Count; node++)
        {
            var lines = Nodes[node - 1].Log.Split('\n');
            text.AppendLine(CultureInfo.InvariantCulture, $"== {NodeId(node)} ({(Nodes[node - 1].HasExited ? "exited" : "running")})");
            foreach (var line in lines.Where(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal)
                         || line.Contains("Unhandled", StringComparison.Ordinal)).Take(20))
                text.AppendLine(line);
            text.AppendLine("-- last lines:");
            foreach (var line in lines.TakeLast(40)) text.AppendLine(line);
        }
        return text.ToString();
    }

    /// <summary>Stops every node at once (SIGTERM); one that does not stop in time is killed, so no node outlives the test.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(async node =>
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                await node.KillAsync();
            }
        }));
        Temp.Dispose();
    }
}
