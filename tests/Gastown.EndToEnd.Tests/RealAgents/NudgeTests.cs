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

/// <summary>
/// A nudge to a real Codex polecat while it works (Codex runs with its input closed: the nudge waits), then a kill -9
/// of the server: the next run continues the same Codex session and its new message opens with the nudge.
/// </summary>
public sealed class CodexResumedNudgeTests() : RealAgentTest("codex", null)
{
    protected override int MaxRestarts => 3;

    [Fact]
    public async Task A_nudge_sent_while_codex_works_opens_its_resumed_run()
    {
        RequireCli();
        Model.HoldWrites();
        var sling = await Api.SlingAsync(RigId, "Survive with a nudge", $"Write {ScriptedModelServer.FileName} with a greeting.");
        var working = await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(),
            agent => agent is { Status: "working", ProcessId: not null } && Model.Held > 0, "the first run to be held mid-work", RunTimeout);

        const string nudge = "Please keep the greeting short.";
        using (var response = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{working.Id}/nudge", new { message = nudge }))
        {
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delivery").GetString().ShouldBe("next_run");
        }

        await Server.KillAsync();
        KillTree(working.ProcessId!.Value);
        Model.Release();
        await StartServerAsync();

        var bead = await WaitForBeadAsync(sling.Bead.Id, b => b.Status == "closed" || b.EscalatedAt is not null, "the resumed run to finish the bead");
        bead.Status.ShouldBe("closed", Diagnostics);
        // One conversation: the resumed run's new message (the nudge, then the resume marker) on top of the first prompt.
        Model.SawOneConversation(FirstPromptOnly, $"Nudge from overseer: {nudge}").ShouldBeTrue(Diagnostics);
        Model.SawUserText(Gastown.Infrastructure.Agents.RolePrompt.ResumeMarker).ShouldBeTrue(Diagnostics);
    }
}
