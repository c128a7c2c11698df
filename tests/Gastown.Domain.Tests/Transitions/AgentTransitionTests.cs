using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Domain.Tests.Transitions;

public sealed class AgentTransitionTests
{
    private static readonly DateTimeOffset Then = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Then.AddMinutes(5);

    private static Agent Idle() => Agent.NewPolecat("web", "toast", Then);

    private static Bead Queued() => Bead.New(BeadType.Issue, "Fix the login", null, Then);

    /// <summary>Hooked to a bead and working under generation 2, with a process.</summary>
    private static (Agent Agent, Bead Bead) Working()
    {
        var (agent, bead) = Idle().Hook(Queued(), Then).State;
        return (agent with { Status = AgentStatus.Working, Generation = 2, ProcessId = 42, RestartCount = 1, Checkpoint = "{}" }, bead);
    }

    [Fact]
    public void Hook_puts_the_bead_in_progress_on_a_fresh_hook_with_assigned_hooked_and_status_events_in_order()
    {
        var previous = Idle() with { RestartCount = 2, Checkpoint = "{\"step\":1}" };
        var bead = Queued();

        var hooked = previous.Hook(bead, Now);

        hooked.State.Agent.HookedBeadId.ShouldBe(bead.Id);
        (hooked.State.Agent.RestartCount, hooked.State.Agent.Checkpoint).ShouldBe((0, (string?)null));
        hooked.State.Agent.Status.ShouldBe(AgentStatus.Idle, "hooked, not yet dispatched");
        hooked.State.Bead.Status.ShouldBe(BeadStatus.InProgress);
        hooked.State.Bead.AssigneeAgentId.ShouldBe(previous.Id);
        hooked.Events.Select(e => e.Type).ShouldBe([BeadEventType.Assigned, BeadEventType.Hooked, BeadEventType.StatusChanged]);
        hooked.Events.ShouldAllBe(e => e.BeadId == bead.Id && e.AgentId == previous.Id && e.CreatedAt == Now);
        hooked.Events[1].NewValue.ShouldBe("web/polecats/toast");
        (hooked.Events[2].OldValue, hooked.Events[2].NewValue).ShouldBe(("open", "in_progress"));
    }

    [Fact]
    public void Unhook_lets_go_and_stops()
    {
        var (agent, bead) = Working();

        var unhooked = agent.Unhook(Now);

        (unhooked.State.HookedBeadId, unhooked.State.Status, unhooked.State.ProcessId).ShouldBe(((Guid?)null, AgentStatus.Idle, (int?)null));
        var recorded = unhooked.Events.ShouldHaveSingleItem();
        (recorded.BeadId, recorded.Type, recorded.OldValue).ShouldBe((bead.Id, BeadEventType.Unhooked, "web/polecats/toast"));
    }

    [Fact]
    public void Unhooking_an_agent_with_nothing_hooked_implies_no_event()
    {
        Idle().Unhook(Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Releasing_the_hook_keeps_the_agent_running()
    {
        var (agent, _) = Working();

        var released = agent.ReleaseHook(Now);

        released.State.HookedBeadId.ShouldBeNull();
        (released.State.Status, released.State.ProcessId).ShouldBe((AgentStatus.Working, (int?)42));
        released.Events.ShouldHaveSingleItem().Type.ShouldBe(BeadEventType.Unhooked);
    }

    [Fact]
    public void Start_working_counts_the_attempt_on_the_bead_and_raises_the_generation()
    {
        var (agent, bead) = Idle().Hook(Queued(), Then).State;

        var dispatched = agent.StartWorking(bead, Now);

        dispatched.State.Agent.Status.ShouldBe(AgentStatus.Working);
        dispatched.State.Agent.Generation.ShouldBe(agent.Generation + 1);
        dispatched.State.Agent.LastActivityAt.ShouldBe(Now);
        (dispatched.State.Bead.DispatchAttempts, dispatched.State.Bead.LastDispatchAttemptAt).ShouldBe((1, (DateTimeOffset?)Now));
        var recorded = dispatched.Events.ShouldHaveSingleItem();
        (recorded.Type, recorded.NewValue, recorded.Metadata["attempt"]).ShouldBe((BeadEventType.Dispatched, "1", "1"));
    }

    [Fact]
    public void Start_working_records_the_dispatching_node_and_keeps_it_when_none_is_named()
    {
        var (agent, bead) = Idle().Hook(Queued(), Then).State;

        var onNode2 = agent.StartWorking(bead, Now, "node-2").State;
        var again = onNode2.Agent.StartWorking(onNode2.Bead, Now).State;
        var onNode3 = again.Agent.StartWorking(again.Bead, Now, "node-3").State;

        agent.NodeId.ShouldBeNull();
        onNode2.Agent.NodeId.ShouldBe("node-2");
        again.Agent.NodeId.ShouldBe("node-2");
        onNode3.Agent.NodeId.ShouldBe("node-3");
    }

    [Fact]
    public void Started_records_the_process_only()
    {
        var (agent, _) = Working();

        var started = agent.Started(4242, Now);

        started.State.ShouldBe(agent with { ProcessId = 4242, UpdatedAt = Now });
        started.Events.ShouldBeEmpty();
    }

    [Fact]
    public void A_failed_dispatch_is_idle_with_its_hook_and_the_reason_on_the_bead()
    {
        var (agent, bead) = Working();

        var failed = agent.DispatchFailed(bead.Id, "no such command", Now);

        (failed.State.Status, failed.State.ProcessId, failed.State.HookedBeadId).ShouldBe((AgentStatus.Idle, (int?)null, (Guid?)bead.Id));
        var recorded = failed.Events.ShouldHaveSingleItem();
        (recorded.BeadId, recorded.Type, recorded.NewValue).ShouldBe((bead.Id, BeadEventType.DispatchFailed, "no such command"));
    }

    [Fact]
    public void A_crash_counts_a_restart_and_keeps_the_hook()
    {
        var (agent, bead) = Working();

        var exited = agent.Exited(crashed: true, "exited with code 3", Now);

        (exited.State.Status, exited.State.ProcessId, exited.State.HookedBeadId).ShouldBe((AgentStatus.Idle, (int?)null, (Guid?)bead.Id));
        exited.State.RestartCount.ShouldBe(2);
        var recorded = exited.Events.ShouldHaveSingleItem();
        (recorded.Type, recorded.NewValue, recorded.Metadata["generation"]).ShouldBe((BeadEventType.AgentExited, "exited with code 3", "2"));
    }

    [Fact]
    public void A_process_lost_to_a_server_restart_counts_no_restart()
    {
        var (agent, _) = Working();

        agent.Exited(crashed: false, "was lost when the server restarted", Now).State.RestartCount.ShouldBe(1);
    }

    [Fact]
    public void Stall_is_stalled_and_off_the_hook()
    {
        var (agent, bead) = Working();

        var stalled = agent.Stall(Now);

        (stalled.State.Status, stalled.State.HookedBeadId, stalled.State.ProcessId).ShouldBe((AgentStatus.Stalled, (Guid?)null, (int?)null));
        stalled.Events.Select(e => (e.BeadId, e.Type)).ShouldBe([(bead.Id, BeadEventType.AgentStalled), (bead.Id, BeadEventType.Unhooked)]);
    }

    [Fact]
    public void Submitting_a_review_unhooks_the_agent_for_new_work()
    {
        var (agent, bead) = Working();
        var entry = ReviewEntry.New(agent.Id, bead.Id, "polecat/toast/abc", "Done.", Now);

        var submitted = agent.SubmitReview(entry, Now);

        (submitted.State.Status, submitted.State.HookedBeadId, submitted.State.LastActivityAt).ShouldBe((AgentStatus.Idle, (Guid?)null, (DateTimeOffset?)Now));
        submitted.Events.Select(e => e.Type).ShouldBe([BeadEventType.ReviewSubmitted, BeadEventType.Unhooked]);
        submitted.Events[0].NewValue.ShouldBe("polecat/toast/abc");
    }

    [Fact]
    public void A_checkpoint_is_kept_and_noted_on_the_hooked_bead()
    {
        var (agent, bead) = Working();

        var saved = agent.SaveCheckpoint("{\"step\":2}", Now);

        (saved.State.Checkpoint, saved.State.LastActivityAt).ShouldBe(("{\"step\":2}", (DateTimeOffset?)Now));
        var recorded = saved.Events.ShouldHaveSingleItem();
        (recorded.BeadId, recorded.Type).ShouldBe((bead.Id, BeadEventType.Checkpointed));
        Idle().SaveCheckpoint("{}", Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Mail_is_noted_on_the_hooked_bead_only()
    {
        var (agent, bead) = Working();

        var noted = agent.NoteMail("GUPP_CHECK", Now);

        noted.State.ShouldBe(agent);
        var recorded = noted.Events.ShouldHaveSingleItem();
        (recorded.BeadId, recorded.Type, recorded.NewValue).ShouldBe((bead.Id, BeadEventType.MailSent, "GUPP_CHECK"));
        Idle().NoteMail("x", Now).Events.ShouldBeEmpty();
    }

    [Fact]
    public void Then_chains_states_and_keeps_every_event_in_order()
    {
        var (agent, _) = Working();

        var chained = agent.Exited(crashed: true, "exited with code 1", Now).Then(exited => exited.Stall(Now));

        chained.State.Status.ShouldBe(AgentStatus.Stalled);
        chained.State.RestartCount.ShouldBe(2);
        chained.Events.Select(e => e.Type).ShouldBe([BeadEventType.AgentExited, BeadEventType.AgentStalled, BeadEventType.Unhooked]);
    }

    [Fact]
    public void RateLimited_keeps_the_hook_counts_no_restart_and_gives_the_beads_attempt_back()
    {
        var (agent, bead) = Working();
        bead = bead with { DispatchAttempts = 2 };
        var until = Now.AddMinutes(1);

        var limited = agent.RateLimited(bead, until, Now);

        (limited.State.Agent.Status, limited.State.Agent.HookedBeadId, limited.State.Agent.RestartCount, limited.State.Agent.ProcessId)
            .ShouldBe((AgentStatus.Idle, (Guid?)bead.Id, 1, (int?)null));
        (limited.State.Agent.RateLimitedUntil, limited.State.Bead.RateLimitedUntil).ShouldBe(((DateTimeOffset?)until, (DateTimeOffset?)until));
        limited.State.Agent.PausedReason.ShouldBe("rate_limited until 2025-01-01T12:06:00.0000000+00:00");
        limited.State.Bead.DispatchAttempts.ShouldBe(1);
        limited.State.Agent.Checkpoint.ShouldBe("{}", "it resumes from its checkpoint");
        limited.Events.Select(e => e.Type).ShouldBe([BeadEventType.RateLimited]);
        limited.Events[0].Metadata["generation"].ShouldBe("2");

        // The next dispatch clears the pause on both.
        var resumed = limited.State.Agent.StartWorking(limited.State.Bead, until.AddSeconds(1)).State;
        (resumed.Agent.PausedReason, resumed.Agent.RateLimitedUntil, resumed.Bead.PausedReason, resumed.Bead.RateLimitedUntil)
            .ShouldBe(((string?)null, (DateTimeOffset?)null, (string?)null, (DateTimeOffset?)null));
    }

    [Fact]
    public void PauseDispatch_shows_the_reason_on_both_with_one_event_and_unhooking_clears_it()
    {
        var (agent, bead) = Idle().Hook(Queued(), Then).State;

        var paused = agent.PauseDispatch(bead, "budget usdPerDay reached (12.40 of 12.00)", null, Now);

        (paused.State.Agent.PausedReason, paused.State.Bead.PausedReason).ShouldBe(("budget usdPerDay reached (12.40 of 12.00)", "budget usdPerDay reached (12.40 of 12.00)"));
        (paused.State.Agent.HookedBeadId, paused.State.Bead.Status).ShouldBe(((Guid?)bead.Id, BeadStatus.InProgress));
        paused.Events.Single().Type.ShouldBe(BeadEventType.DispatchPaused);
        paused.State.Agent.Unhook(Now).State.PausedReason.ShouldBeNull();
        paused.State.Bead.Reopen(escalated: true, agent.Id, Now).State.PausedReason.ShouldBeNull();
    }
}
