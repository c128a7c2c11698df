using System.Globalization;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>
/// A model endpoint that answers 429 (Retry-After: 2) until the Claude CLI gives up: the run is no restart and no
/// failed attempt, the town pauses with <c>rate_limited until …</c> on the bead, the agent and getAlarmStatus, and once
/// the model answers again the same bead resumes and merges. The CLI may retry once by itself
/// (CLAUDE_CODE_MAX_RETRIES=1, set through the town's envVars); the model keeps refusing through that too.
/// </summary>
public sealed class RateLimitPauseTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // Claude Code does not pass the provider's Retry-After on in its output, so Gastown's own back-off applies.
        ["Gastown:Alarm:RateLimitBackoff"] = "00:00:02",
        ["Gastown:Alarm:RateLimitBackoffMax"] = "00:00:04",
    };

    [Fact]
    public async Task A_429_is_a_pause_not_a_crash_and_the_bead_resumes_and_merges()
    {
        RequireCli();
        await Api.UpdateTownConfigAsync(TownId, new { envVars = new Dictionary<string, string> { ["CLAUDE_CODE_MAX_RETRIES"] = "1" } });
        var before = await ScrapeAsync();
        Model.Refusing = true;
        var sling = await Api.SlingAsync(RigId, "Add a greeting despite the rate limit", $"Write {ScriptedModelServer.FileName} with a greeting.");

        var limited = await WaitForBeadAsync(sling.Bead.Id, bead => bead.RateLimitedUntil is not null, "the bead to be rate-limited");
        limited.PausedReason.ShouldNotBeNull().ShouldStartWith("rate_limited until ");
        (limited.Status, limited.DispatchAttempts, limited.EscalatedAt).ShouldBe(("in_progress", 0, (DateTimeOffset?)null));
        var agent = (await Api.AgentsAsync(RigId)).Single(a => a.Id == sling.Agent!.Id);
        agent.RestartCount.ShouldBe(0);
        var alarm = await Api.AlarmStatusAsync(RigId);
        Model.Refused.ShouldBeGreaterThan(0);

        // The provider recovers: the same bead resumes on the same agent and merges.
        Model.Refusing = false;
        var bead = await MergedAsync(sling.Bead.Id);
        await AssertMergedFileAsync(bead.Id, sling.Agent!.Name);
        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        var pauses = events.Count(type => type == "rate_limited");
        pauses.ShouldBeGreaterThanOrEqualTo(1);
        events.ShouldNotContain("agent_exited");
        events.ShouldNotContain("escalated");
        events.Count(type => type == "dispatched").ShouldBe(pauses + 1);
        (await Api.AgentsAsync(RigId)).Single(a => a.Id == sling.Agent.Id).RestartCount.ShouldBe(0);

        // Shown in getAlarmStatus while it lasted (read while the bead was limited; it may have lifted since).
        var paused = alarm.GetProperty("paused");
        if (paused.ValueKind == JsonValueKind.String) paused.GetString()!.ShouldStartWith("rate_limited until ");
        var after = await ScrapeAsync();
        (after.Sum("gastown_rate_limit_pauses_total", ("store", RigId.ToString())) - before.Sum("gastown_rate_limit_pauses_total", ("store", RigId.ToString())))
            .ShouldBe(pauses);
        (after.Sum("gastown_dispatch_failures_total", ("store", RigId.ToString())) - before.Sum("gastown_dispatch_failures_total", ("store", RigId.ToString())))
            .ShouldBe(0);
    }

    private async Task<BeadView> MergedAsync(Guid beadId)
    {
        var settled = await WaitForBeadAsync(beadId, bead => bead.Status == "closed" || bead.EscalatedAt is not null, "the bead to be merged");
        settled.Status.ShouldBe("closed", Diagnostics);
        return settled;
    }
}

/// <summary>
/// A model whose reported usage crosses the town's usdPerDay: the next bead waits (its reason on the bead, the agent
/// and getAlarmStatus; the pause counted in /metrics), and raising the budget lets it run and merge.
/// </summary>
public sealed class DailyBudgetTests() : RealAgentTest("claude", "claude-sonnet-4-5")
{
    [Fact]
    public async Task Crossing_usdPerDay_holds_the_next_bead_until_the_budget_is_raised()
    {
        RequireCli();
        // Less than one scripted model answer costs (Claude prices the reported tokens itself).
        await Api.UpdateTownConfigAsync(TownId, new { budget = new { usdPerDay = 0.0001m } });
        var before = await ScrapeAsync();
        var (first, _, _) = await SlingAndMergeAsync("Add a greeting within budget");
        var usage = await AssertUsageAsync(first.Id);
        usage.CostUsd.ShouldNotBeNull().ShouldBeGreaterThan(0.0001m, "the CLI reported a cost above the budget");

        var second = await Api.SlingAsync(RigId, "Add another greeting", "Write SECOND.md with a greeting.");
        var waiting = await Eventually.MatchAsync(() => Api.BeadAsync(RigId, second.Bead.Id), bead => bead.PausedReason is not null,
            "the second bead to wait on the budget", RunTimeout);
        var expected = $"budget usdPerDay reached ({usage.CostUsd.Value.ToString("0.00##", CultureInfo.InvariantCulture)} of 0.0001)";
        waiting.PausedReason.ShouldBe(expected);
        (waiting.Status, waiting.DispatchAttempts).ShouldBe(("in_progress", 0));
        (await Api.AgentsAsync(RigId)).Single(a => a.Id == second.Agent!.Id).PausedReason.ShouldBe(expected);
        (await Api.AlarmStatusAsync(RigId)).GetProperty("paused").GetString().ShouldBe(expected);
        (await Api.EventsAsync(RigId, second.Bead.Id)).Select(e => e.Type).ShouldNotContain("dispatched");

        var scrape = await Eventually.MatchAsync(ScrapeAsync, s => s.Sum("gastown_budget_paused", ("town", TownId.ToString())) == 1, "the budget gauge");
        (scrape.Sum("gastown_budget_pauses_total", ("town", TownId.ToString()), ("budget", "usdPerDay"))
         - before.Sum("gastown_budget_pauses_total", ("town", TownId.ToString()), ("budget", "usdPerDay"))).ShouldBe(1);

        var raised = await Api.UpdateTownConfigAsync(TownId, new { budget = new { usdPerDay = 100 } });
        raised.GetProperty("budget").GetProperty("usdPerDay").GetDecimal().ShouldBe(100m);
        var merged = await Eventually.MatchAsync(() => Api.BeadAsync(RigId, second.Bead.Id), bead => bead.Status == "closed" || bead.EscalatedAt is not null,
            "the second bead to merge once the budget is raised", RunTimeout);
        merged.Status.ShouldBe("closed", Diagnostics);
        merged.PausedReason.ShouldBeNull();
        await Eventually.MatchAsync(ScrapeAsync, s => s.Sum("gastown_budget_paused", ("town", TownId.ToString())) == 0, "the gauge back to 0");
    }
}

/// <summary>A bead whose reported usage passes the town's usdPerBead: its agent is stopped and the bead escalated, its usage named.</summary>
public sealed class BeadBudgetTests() : RealAgentTest("claude", "claude-sonnet-4-5", ModelScript.WriteNothing)
{
    [Fact]
    public async Task A_bead_over_usdPerBead_is_stopped_and_escalated_with_its_usage()
    {
        RequireCli();
        await Api.UpdateTownConfigAsync(TownId, new { budget = new { usdPerBead = 0.0001m } });
        var sling = await Api.SlingAsync(RigId, "Add a greeting, expensively");

        var bead = await WaitForBeadAsync(sling.Bead.Id, b => b.EscalatedAt is not null, "the bead to be escalated");
        (bead.Status, bead.AssigneeAgentId).ShouldBe(("open", (Guid?)null));
        var events = await Api.EventsAsync(RigId, bead.Id);
        var exceeded = events.Single(e => e.Type == "budget_exceeded");
        exceeded.NewValue.ShouldNotBeNull().ShouldContain("of $0.0001 per bead");
        events.Select(e => e.Type).ShouldNotContain("agent_stalled");
        var escalation = (await Api.BeadsAsync(RigId)).Single(b => b.Type == "escalation" && b.Metadata["bead_id"] == bead.Id.ToString());
        escalation.Body.ShouldNotBeNull().ShouldContain(exceeded.NewValue);
        var agent = (await Api.AgentsAsync(RigId)).Single(a => a.Id == sling.Agent!.Id);
        (agent.Status, agent.HookedBeadId).ShouldBe(("idle", (Guid?)null));
        (await Origin.LogAsync()).Count.ShouldBe(1); // nothing merged
    }
}
