using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>
/// Nudges to a real Claude Code polecat. While it works (its input is open: stream-json), a nudge is written to its
/// stdin at once and Claude takes it into the next request of the same run. When it is not running, the nudge is kept
/// and its next run (the next bead the idle polecat takes) starts with it.
/// </summary>
public sealed class ClaudeNudgeTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    [Fact]
    public async Task A_nudge_to_a_working_claude_polecat_reaches_the_model_in_the_same_run()
    {
        RequireCli();
        // The run is held mid-work (after gt_prime, its file write unanswered) until the nudge is in.
        var (sling, working) = await SlingHeldMidWorkAsync("Greet when nudged");

        const string nudge = "Please keep the greeting short.";
        var sent = await NudgeAsync(working.Id, nudge);
        sent.GetProperty("delivery").GetString().ShouldBe("delivered", Diagnostics);
        sent.GetProperty("mail").GetProperty("delivered").GetBoolean().ShouldBeTrue();
        sent.GetProperty("mail").GetProperty("subject").GetString().ShouldBe("NUDGE");
        Model.SawInOneRequest($"Nudge: {nudge}").ShouldBeFalse();
        Model.Release();

        var bead = await WaitForBeadAsync(sling.Bead.Id, b => b.Status == "closed" || b.EscalatedAt is not null, "the nudged run to finish the bead");
        bead.Status.ShouldBe("closed", Diagnostics);
        // Seen by the model in a later request of the same conversation: the first prompt is in it, no resume happened.
        Model.SawInOneRequest($"Nudge: {nudge}", FirstPromptOnly).ShouldBeTrue(Diagnostics);
        Model.SawUserText(Gastown.Infrastructure.Agents.RolePrompt.ResumeMarker).ShouldBeFalse(Diagnostics);
        Model.SawUserText($"Nudge from overseer: {nudge}").ShouldBeFalse(Diagnostics);
        // One process did it all: one run of the bead, the one that was working when the nudge went in, ended cleanly.
        var runs = await Eventually.MatchAsync(() => Api.RunsAsync(RigId, sling.Bead.Id),
            all => all.Count >= 1 && all.All(run => run.GetProperty("status").GetString() == "ended"), "the run to be stored, ended");
        runs.Count.ShouldBe(1);
        runs[0].GetProperty("generation").GetInt32().ShouldBe(working.Generation);
        runs[0].GetProperty("exitCode").GetInt32().ShouldBe(0);
        var transcript = await Api.GetJsonAsync($"api/rigs/{RigId}/beads/{sling.Bead.Id}/runs/{runs[0].GetProperty("id").GetGuid()}/transcript?limit=1000");
        transcript.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("text").GetString())
            .ShouldContain($"took a message from its input: Nudge: {nudge}");
    }

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
        (await NudgeAsync(polecat, nudge)).GetProperty("delivery").GetString().ShouldBe("next_run");
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
        var (sling, working) = await SlingHeldMidWorkAsync("Survive with a nudge");

        const string nudge = "Please keep the greeting short.";
        (await NudgeAsync(working.Id, nudge)).GetProperty("delivery").GetString().ShouldBe("next_run");

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
