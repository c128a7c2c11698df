using System.Diagnostics;
using System.Net.Http.Json;
using Gastown.Infrastructure.Agents;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>
/// A polecat's CLI session survives a kill -9 of the server (issue 24): the first run is held by the scripted model in
/// the middle of its work (after gt_prime, before its write), the server is killed and restarted, and the next run of
/// the same agent on the same bead and branch continues the same CLI session: the scripted model sees the first run's
/// turns in the resumed request, under the short resume prompt, and the bead is merged. The sizes of the requests are
/// reported (docs/benchmarks.md, "Resumed runs").
/// </summary>
public abstract class ResumeTest(string preset, string? model) : RealAgentTest(preset, model)
{
    // The crash counts as one restart; more leave room for a slow machine.
    protected override int MaxRestarts => 3;

    [Fact]
    public async Task After_a_kill_9_of_the_server_the_next_run_continues_the_same_cli_session()
    {
        RequireCli();
        var (sling, working) = await SlingHeldMidWorkAsync("Survive the crash");
        var firstRunTurns = Model.Turns.Count;

        await Server.KillAsync();
        // The crash orphaned the first run (as any crash would); it is ours to end before the next run starts.
        KillTree(working.ProcessId!.Value);
        Model.Release();
        await StartServerAsync();

        var bead = await WaitForBeadAsync(sling.Bead.Id, b => b.Status == "closed" || b.EscalatedAt is not null, "the resumed run to finish the bead");
        bead.Status.ShouldBe("closed", Diagnostics);
        await AssertMergedFileAsync(bead.Id, sling.Agent!.Name);
        var agent = (await Api.AgentsAsync(RigId)).Single();
        agent.Id.ShouldBe(working.Id);
        agent.Generation.ShouldBeGreaterThan(working.Generation);

        Model.SawOneConversation(FirstPromptOnly, RolePrompt.ResumeMarker).ShouldBeTrue(Diagnostics);
        ReportSizes(firstRunTurns);
    }

    /// <summary>The figures of docs/benchmarks.md: the fresh run's first request and new message against the resumed run's.</summary>
    private void ReportSizes(int firstRunTurns)
    {
        var turns = Model.Turns;
        var fresh = turns.Take(firstRunTurns).First(turn => turn.LastUser.Contains(FirstPromptOnly, StringComparison.Ordinal));
        var resumed = turns.Skip(firstRunTurns).Where(turn => turn.LastUser.Contains(RolePrompt.ResumeMarker, StringComparison.Ordinal)).ToList();
        resumed.ShouldNotBeEmpty(Diagnostics);
        // What Gastown adds to the session is its new message only: far shorter than the first prompt it already holds.
        resumed[0].LastUser.Length.ShouldBeLessThan(fresh.LastUser.Length);
        // The first prompt reaches the model once, in the session's history: Gastown resends none of it.
        Occurrences(resumed[0].AllText, FirstPromptOnly).ShouldBe(1, Diagnostics);
        var line =
            $"{Preset}: fresh run: first request {fresh.RequestChars} chars, prompt {fresh.LastUser.Length} chars, {firstRunTurns} turn(s) before the crash; "
            + $"resumed run: first request {resumed[0].RequestChars} chars (history included), new message {resumed[0].LastUser.Length} chars, "
            + $"{turns.Count - firstRunTurns} turn(s), {turns.Skip(firstRunTurns).Sum(turn => (long)turn.RequestChars)} chars in all";
        Measured(line);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

public sealed class ClaudeCodeResumeTests() : ResumeTest("claude", "claude-sonnet-4-5");

public sealed class CodexResumeTests() : ResumeTest("codex", null);

public sealed class OpenCodeResumeTests() : ResumeTest("opencode", "gpt-5");

public sealed class KiloResumeTests() : ResumeTest("kilo", "gpt-5");

public sealed class GeminiCliResumeTests() : ResumeTest("gemini", "gemini-2.5-pro");

/// <summary>
/// A review round continues the session too: the rig's gate fails the first round (it wants a REVIEW.md the script never
/// writes), the bead comes back to the same polecat on the same branch, and its next run continues the same Claude
/// session (the first run's turns are in the request that carries the resume message); after maxReviewRounds it escalates.
/// </summary>
public sealed class ClaudeCodeReviewRoundResumeTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    [Fact]
    public async Task The_run_after_a_review_round_continues_the_same_cli_session()
    {
        RequireCli();
        using (var response = await Api.Http.PatchAsJsonAsync($"api/rigs/{RigId}",
                   new { review = new { gates = new[] { new[] { "test", "-e", "REVIEW.md" } }, gateTimeout = 60, maxReviewRounds = 2 } }))
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var sling = await Api.SlingAsync(RigId, "Add a greeting", $"Write {ScriptedModelServer.FileName} with a greeting.");
        var bead = await WaitForBeadAsync(sling.Bead.Id, b => b.EscalatedAt is not null || b.Status == "closed", "two review rounds, then the escalation");

        bead.EscalatedAt.ShouldNotBeNull(Diagnostics);
        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        events.Count(type => type == "review_submitted").ShouldBe(2, Diagnostics);
        Model.SawOneConversation("1. Call gt_prime first", RolePrompt.ResumeMarker).ShouldBeTrue(Diagnostics);
    }
}
