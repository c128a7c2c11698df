using System.Net;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Cluster;

/// <summary>
/// Issue 22: deleting a rig on one node cleans up on every node. Three real nodes on one PostgreSQL, polecats that
/// work until stopped; the rig is deleted through a node other than the one running an agent: that agent's process
/// is gone and its node's workspace of the rig (clone and worktrees) removed.
/// </summary>
public sealed class ClusterDeletionTests(PostgresFixture postgres)
{
    [Fact]
    public Task Deleting_a_rig_on_one_node_stops_its_agents_and_removes_its_workspace_on_the_others() =>
        ClusterOfNodes.RunAsync(postgres, 3, new Dictionary<string, string>
        {
            ["Gastown:MaxPolecatsPerRig"] = "3",
            // A polecat that works until it is stopped (never calls done).
            ["Gastown:Container:Agents:polecat:Command:0"] = "sleep",
            ["Gastown:Container:Agents:polecat:Command:1"] = "600",
        }, RunAsync);

    private static async Task RunAsync(ClusterOfNodes cluster)
    {
        var api = cluster.Api(1);
        var town = await api.CreateTownAsync("alpha");
        var origin = await BareRepository.CreateAsync(cluster.Temp.Sub("repo"));
        var rig = await api.CreateRigAsync(town, "web", origin.Path);
        for (var i = 1; i <= 3; i++) await cluster.Api(i).SlingAsync(rig, $"Task {i}");

        // Wherever the ticks ran them: an agent at work on some node B, with its process in B's workspace of the rig.
        var working = await Eventually.MatchAsync(
            async () => (await api.AgentsAsync(rig)).Where(agent => agent is { Status: "working", NodeId: not null }).ToList(),
            agents => agents.Count > 0, "an agent working", TimeSpan.FromMinutes(2));
        var onB = working[0].NodeId!;
        var b = Enumerable.Range(1, 3).Single(node => ClusterOfNodes.NodeId(node) == onB);
        var a = b == 1 ? 2 : 1;
        var workspace = Path.Combine(cluster.DataDirectory(b), "workspaces", "rigs", rig.ToString("N"));
        await Eventually.TrueAsync(() => ProcessesIn(workspace).Count > 0, $"the agent's process in {workspace}", TimeSpan.FromSeconds(30));

        using var deleted = await cluster.Api(a).Http.DeleteAsync($"api/rigs/{rig}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await Eventually.TrueAsync(() => ProcessesIn(workspace).Count == 0,
            $"no process left in node {b}'s workspace ({string.Join(", ", ProcessesIn(workspace))})", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => !Directory.Exists(workspace), $"node {b}'s workspace of the rig removed", TimeSpan.FromSeconds(30));
        // And on every node: none keeps a workspace of the deleted rig.
        for (var node = 1; node <= 3; node++)
        {
            var path = Path.Combine(cluster.DataDirectory(node), "workspaces", "rigs", rig.ToString("N"));
            await Eventually.TrueAsync(() => !Directory.Exists(path), $"node {node}'s workspace of the rig removed", TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Processes whose working directory is inside <paramref name="directory"/>.</summary>
    private static List<string> ProcessesIn(string directory)
    {
        var found = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var cwd = new DirectoryInfo(Path.Combine(proc, "cwd")).ResolveLinkTarget(returnFinalTarget: false)?.FullName ?? "";
                if (cwd.StartsWith(directory + "/", StringComparison.Ordinal) || cwd == directory)
                    found.Add($"{pid} {File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ')}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
        return found;
    }
}
