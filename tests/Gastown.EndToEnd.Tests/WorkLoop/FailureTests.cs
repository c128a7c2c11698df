using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>An agent whose process ends without calling done: re-dispatched, then stalled with an escalation.</summary>
public sealed class AgentExitingWithoutDoneTests : ServerTest
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(AgentCommand("polecat", "/bin/sh", "-c", "echo 'working on it'; exit 3"));

    [Fact]
    public async Task It_is_restarted_three_times_then_stalled_and_the_bead_reopened_with_an_escalation()
    {
        var sling = await Api.SlingAsync(RigId, "Never finishes");

        var agent = await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(), a => a.Status == "stalled", "the agent to stall");
        agent.RestartCount.ShouldBe(4);
        agent.Generation.ShouldBe(4);
        agent.HookedBeadId.ShouldBeNull();

        var beads = await Api.BeadsAsync(RigId);
        var bead = beads.Single(b => b.Id == sling.Bead.Id);
        bead.Status.ShouldBe("open");
        bead.AssigneeAgentId.ShouldBeNull();
        bead.DispatchAttempts.ShouldBe(4);
        var escalation = beads.Single(b => b.Type == "escalation");
        escalation.Title.ShouldBe("Stalled: Never finishes");
        escalation.Body.ShouldNotBeNull().ShouldContain("exited with code 3");

        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        events.Count(type => type == "dispatched").ShouldBe(4);
        events.Count(type => type == "agent_exited").ShouldBe(4);
        events.ShouldContain("agent_stalled");
    }
}

/// <summary>A container that cannot start the agent: attempts on the bead, back-off, then an escalation.</summary>
public sealed class FailingStartTests : ServerTest
{
    protected override IReadOnlyDictionary<string, string> Settings =>
        new Dictionary<string, string>(AgentCommand("polecat", "/nonexistent/agent-cli"));

    [Fact]
    public async Task The_bead_is_reopened_with_an_escalation_after_five_attempts()
    {
        var sling = await Api.SlingAsync(RigId, "Cannot start");

        var bead = await Eventually.MatchAsync(() => Api.BeadAsync(RigId, sling.Bead.Id), b => b.EscalatedAt is not null, "the bead to be escalated");
        bead.Status.ShouldBe("open");
        bead.AssigneeAgentId.ShouldBeNull();
        bead.DispatchAttempts.ShouldBe(5);

        var escalation = (await Api.BeadsAsync(RigId)).Single(b => b.Type == "escalation");
        escalation.Title.ShouldBe("Dispatch failed: Cannot start");
        escalation.Priority.ShouldBe("high");

        var events = await Api.EventsAsync(RigId, bead.Id);
        events.Count(e => e.Type == "dispatch_failed").ShouldBe(5);
        events.Count(e => e.Type == "dispatched").ShouldBe(5);

        var agent = (await Api.AgentsAsync(RigId)).Single();
        agent.Status.ShouldBe("idle");
        agent.HookedBeadId.ShouldBeNull();

        // The metrics count the same five attempts, each failed with the start's result status as the reason.
        var scrape = await ScrapeAsync();
        scrape.Sum("gastown_dispatch_attempts_total", ("store", RigId.ToString())).ShouldBe(5);
        scrape.Sum("gastown_dispatch_failures_total", ("store", RigId.ToString())).ShouldBe(5);
        scrape.Sum("gastown_dispatch_failures_total", ("store", RigId.ToString()), ("reason", "error")).ShouldBe(5);
    }
}
