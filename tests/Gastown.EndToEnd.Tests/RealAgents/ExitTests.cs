using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>Exit is not silence: a CLI that wrote work and exited cleanly without gt_done is treated as done.</summary>
public sealed class ExitWithoutDoneTests() : RealAgentTest("claude", "claude-sonnet-4-5", ModelScript.ExitWithoutDone)
{
    [Fact]
    public async Task A_clean_exit_with_work_on_the_branch_is_merged()
    {
        RequireCli();
        var (bead, sling, _) = await SlingAndMergeAsync("Add a greeting, then just exit");

        await AssertMergedFileAsync(bead.Id, sling.Agent!.Name);
        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain("completed_without_done");
        events.IndexOf("completed_without_done").ShouldBeLessThan(events.IndexOf("merged"));
        events.ShouldNotContain("agent_exited");
        // The uncommitted file was committed by the container for the agent.
        (await Origin.LogAsync()).ShouldContain(subject => subject.StartsWith("Work of web/polecats/", StringComparison.Ordinal));
    }
}

/// <summary>A CLI that does nothing and exits 0 has not done the work: restarted, then escalated.</summary>
public sealed class ExitWithNothingTests() : RealAgentTest("claude", "claude-sonnet-4-5", ModelScript.WriteNothing)
{
    [Fact]
    public async Task A_clean_exit_without_any_change_is_restarted_then_escalated()
    {
        RequireCli();
        var sling = await Api.SlingAsync(RigId, "Add a greeting, but do nothing");

        var bead = await Eventually.MatchAsync(() => Api.BeadAsync(RigId, sling.Bead.Id), b => b.EscalatedAt is not null,
            "the bead to be escalated", RunTimeout);
        bead.Status.ShouldBe("open", Diagnostics);
        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        events.Count(type => type == "agent_exited").ShouldBe(MaxRestarts + 1);
        events.Count(type => type == "dispatched").ShouldBe(MaxRestarts + 1);
        events.ShouldContain("agent_stalled");
        events.ShouldNotContain("completed_without_done");
        events.ShouldNotContain("merged");
        (await Api.BeadsAsync(RigId)).ShouldContain(b => b.Type == "escalation" && b.Metadata["bead_id"] == bead.Id.ToString());
        (await Origin.LogAsync()).Count.ShouldBe(1); // only the seed
    }
}
