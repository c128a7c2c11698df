using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>
/// A nudge to a real Claude Code polecat that is not running: kept, and its next run (the next bead the idle polecat
/// takes) starts with it, so the scripted model sees it in the CLI's first request of that run. (Claude runs with
/// <c>-p</c> and its input closed, so a nudge sent while it works also waits for its next run.)
/// </summary>
public sealed class ClaudeNudgeTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    [Fact]
    public async Task A_nudge_to_an_idle_claude_polecat_opens_its_next_run()
    {
        RequireCli();
        var (first, sling, _) = await SlingAndMergeAsync("Add a greeting");
        first.Status.ShouldBe("closed", Diagnostics);
        var polecat = sling.Agent!.Id;
        await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(a => a.Id == polecat), a => a.Status == "idle",
            "the polecat to be idle", RunTimeout);

        const string nudge = "Please keep the greeting short.";
        using (var response = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{polecat}/nudge", new { message = nudge }))
        {
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivery").GetString().ShouldBe("next_run");
        }
        Model.SawUserText(nudge).ShouldBeFalse();

        var second = await Api.SlingAsync(RigId, "Add another greeting", "Write the greeting file again.");
        second.Agent!.Id.ShouldBe(polecat);
        await WaitForBeadAsync(second.Bead.Id, bead => bead.Status == "closed" || bead.EscalatedAt is not null, "the second bead to be merged");

        Model.SawUserText($"Nudge from overseer: {nudge}").ShouldBeTrue(Diagnostics);
    }
}
