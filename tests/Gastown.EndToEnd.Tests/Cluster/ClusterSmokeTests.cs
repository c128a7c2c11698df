using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Cluster;

/// <summary>Two real nodes on one PostgreSQL: work slung on either is done and merged once; /health names each node.</summary>
public sealed class ClusterSmokeTests(PostgresFixture postgres)
{
    [Fact]
    public Task Work_slung_on_two_nodes_is_merged_once_each_including_work_never_pushed() =>
        ClusterOfNodes.RunAsync(postgres, 2, null, RunAsync);

    private static async Task RunAsync(ClusterOfNodes cluster)
    {
        const int Tasks = 8;
        var origin = await BareRepository.CreateAsync(cluster.Temp.Sub("repos"));
        var api1 = cluster.Api(1);
        var api2 = cluster.Api(2);
        var town = await api1.CreateTownAsync("alpha");
        var rig = await api2.CreateRigAsync(town, "web", origin.Path);

        // Every other bead is done by an agent that commits and never pushes: its branch is only on its node, so its
        // merge must run there, whichever node runs the rig's tick (the three-node test spreads the ticks wider).
        var slings = new List<SlingView>();
        for (var i = 1; i <= Tasks; i++)
            slings.Add(await (i % 2 == 0 ? api2 : api1).SlingAsync(rig, $"Task {i}", i % 2 == 0 ? "push: no" : null));
        foreach (var sling in slings) await api1.BeadReachesAsync(rig, sling.Bead.Id, "closed");

        var merges = (await origin.LogAsync()).Where(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ToList();
        merges.Count.ShouldBe(Tasks);
        for (var i = 1; i <= Tasks; i++) merges.Count(subject => subject.EndsWith($": Task {i}", StringComparison.Ordinal)).ShouldBe(1);
        (await api2.AgentsAsync(rig)).ShouldAllBe(agent => agent.NodeId == "node-1" || agent.NodeId == "node-2");
        // The unpushed branches were never on the remote, and none is left there.
        (await origin.BranchesAsync()).ShouldBe(["main"]);

        // Each run's transcript was stored by the node that ran it, in the rig's ledger: readable through either node.
        foreach (var sling in slings)
        {
            var runs = await Eventually.MatchAsync(() => api1.Http.GetFromJsonAsync<JsonElement>($"api/rigs/{rig}/beads/{sling.Bead.Id}/runs"),
                all => all.GetArrayLength() > 0, $"the run of {sling.Bead.Title} to be stored");
            var run = runs.EnumerateArray().Last().GetProperty("id").GetGuid();
            var transcript = await api2.Http.GetFromJsonAsync<JsonElement>($"api/rigs/{rig}/beads/{sling.Bead.Id}/runs/{run}/transcript?limit=1000");
            transcript.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("text").GetString())
                .ShouldContain("telling gt_done I am done");
        }

        for (var node = 1; node <= 2; node++)
        {
            var health = await cluster.Nodes[node - 1].Client(null).GetFromJsonAsync<JsonElement>("health");
            health.GetProperty("status").GetString().ShouldBe("ok");
            health.GetProperty("node").GetString().ShouldBe(ClusterOfNodes.NodeId(node));
            health.GetProperty("storage").GetString().ShouldBe("postgres");
            health.GetProperty("scheduler").GetString().ShouldBe("running");
        }
    }
}
