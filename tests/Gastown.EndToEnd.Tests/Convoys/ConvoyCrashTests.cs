using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Convoys;

/// <summary>
/// A convoy of three beads in a chain (A, then B after A, then C after B) on the demo agent and real git. The server is
/// killed (SIGKILL) while B's agent works; after a restart on the same data the convoy goes on and lands exactly once:
/// one <c>convoy_landed</c> on the town feed, one mail to the mayor, each bead merged once on the remote, in order.
/// </summary>
public sealed class ConvoyCrashTests : ServerTest
{
    private CapturedSessions MayorSessions => new(System.IO.Path.Combine(SharedWithAgents, "mayor-sessions.txt"));

    // A polecat whose bead is named by a file "hang-<first 8 of the bead id>" takes that file, marks that it started and
    // waits (the crash orphans it); every other run, and the run after the restart, is the real demo agent.
    private string Shared => SharedWithAgents;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(
        AgentCommand("polecat", "/bin/sh", "-c",
                $"id=\"${{GASTOWN_BRANCH##*/}}\"; if [ -e '{Shared}'/hang-\"$id\" ]; then rm '{Shared}'/hang-\"$id\"; touch '{Shared}'/hung-\"$id\"; exec sleep 600; fi; exec \"$0\" \"$@\"",
                Infrastructure.Container.DotnetHost.Path, GastownServer.ProgramPath, "demo-agent")
            .Concat(AgentCommand("mayor", "/bin/sh", "-c", $"{MayorSessions.Record}; exec \"$0\" \"$@\"",
                Infrastructure.Container.DotnetHost.Path, GastownServer.ProgramPath, "demo-agent")));

    [Fact]
    public async Task A_chain_convoy_survives_a_kill_9_while_its_second_bead_works_and_lands_once()
    {
        // The town's mayor exists (it is told when the convoy lands).
        var mayorId = (await Api.SendMessageAsync(TownId, "hello")).Agent.Id;
        await MayorSessions.AtLeastAsync(1);

        var created = await PostAsync($"api/towns/{TownId}/convoys", new
        {
            title = "Chain",
            staged = true,
            tasks = new object[]
            {
                new { rig = "web", title = "Step A" },
                new { rig = "web", title = "Step B", dependsOn = new[] { 0 } },
                new { rig = "web", title = "Step C", dependsOn = new[] { 1 } },
            },
        });
        var convoyId = created.GetProperty("id").GetGuid();
        var ids = created.GetProperty("beads").EnumerateArray().ToDictionary(bead => bead.GetProperty("title").GetString()!, bead => bead.GetProperty("id").GetGuid());
        var second = ids["Step B"].ToString("N")[..8];
        await File.WriteAllTextAsync(System.IO.Path.Combine(Shared, $"hang-{second}"), "");
        await PostAsync($"api/towns/{TownId}/convoys/{convoyId}/start", new { });

        // A merges; B's agent starts (and hangs); the server dies under it.
        var working = await Eventually.MatchAsync(async () => await Api.AgentsAsync(RigId),
            agents => agents.Any(agent => agent is { Status: "working", ProcessId: not null }) && File.Exists(System.IO.Path.Combine(Shared, $"hung-{second}")),
            "B's first run to start", TimeSpan.FromMinutes(2));
        (await Api.BeadAsync(RigId, ids["Step A"])).Status.ShouldBe("closed");
        (await Api.BeadAsync(RigId, ids["Step C"])).Status.ShouldBe("open");
        var orphans = working.Where(agent => agent.ProcessId is not null).Select(agent => agent.ProcessId!.Value).ToList();
        orphans.AddRange((await MayorProcessAsync()) is { } mayorProcess ? [mayorProcess] : []);

        await Server.KillAsync();
        try
        {
            await StartServerAsync();

            var landed = await Eventually.MatchAsync(() => GetAsync($"api/towns/{TownId}/convoys/{convoyId}"),
                convoy => convoy.GetProperty("status").GetString() == "landed", "the convoy to land after the restart", TimeSpan.FromMinutes(3));
            landed.GetProperty("closed").GetInt32().ShouldBe(3);
            landed.GetProperty("failed").GetInt32().ShouldBe(0);

            // A later tick changes nothing: the convoy landed once.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var feed = await GetAsync($"api/towns/{TownId}/events?limit=500");
            var convoyEvents = feed.EnumerateArray().Where(e => e.TryGetProperty("convoyId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == convoyId)
                .Select(e => e.GetProperty("type").GetString()).ToList();
            convoyEvents.Count(type => type == "convoy_landed").ShouldBe(1);
            convoyEvents.ShouldNotContain("convoy_blocked");

            // Each bead merged once, B on its second dispatch.
            foreach (var (title, id) in ids)
            {
                var events = (await Api.EventsAsync(RigId, id)).Select(e => e.Type).ToList();
                events.Count(type => type == "merged").ShouldBe(1, title);
                events.Count(type => type == "review_submitted").ShouldBe(1, title);
            }
            (await Api.BeadAsync(RigId, ids["Step B"])).DispatchAttempts.ShouldBe(2);

            // On the remote: each commit once, each on top of the one it waited for.
            var commits = (await BareRepository.GitAsync(Origin.Path, "log", "--format=%H %s", "main"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', 2)).ToList();
            foreach (var title in ids.Keys) commits.Count(commit => commit[1] == title).ShouldBe(1, title);
            string Commit(string title) => commits.Single(commit => commit[1] == title)[0];
            await BareRepository.GitAsync(Origin.Path, "merge-base", "--is-ancestor", Commit("Step A"), Commit("Step B"));
            await BareRepository.GitAsync(Origin.Path, "merge-base", "--is-ancestor", Commit("Step B"), Commit("Step C"));

            // One mail to the mayor, read with its session token as the mayor itself would.
            var (_, token) = MayorSessions.Read()[^1];
            using var mayor = Server.Client(token);
            var mail = await mayor.GetFromJsonAsync<JsonElement>($"api/agent/{mayorId}/mail", GastownApi.Json);
            mail.EnumerateArray().Count(m => m.GetProperty("subject").GetString() == "Convoy landed: Chain").ShouldBe(1);
        }
        finally
        {
            // The crash orphaned B's first run and the mayor; they are ours to clean up.
            foreach (var pid in orphans)
            {
                try
                {
                    Process.GetProcessById(pid).Kill(entireProcessTree: true);
                }
                catch (ArgumentException)
                {
                }
            }
        }
    }

    private async Task<int?> MayorProcessAsync() =>
        (await GetAsync($"api/towns/{TownId}/mayor")).GetProperty("mayor") is { ValueKind: JsonValueKind.Object } mayor
        && mayor.GetProperty("processId") is { ValueKind: JsonValueKind.Number } pid ? pid.GetInt32() : null;

    private async Task<JsonElement> GetAsync(string path) => await Api.Http.GetFromJsonAsync<JsonElement>(path, GastownApi.Json);

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Api.Http.PostAsJsonAsync(path, body, GastownApi.Json);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
