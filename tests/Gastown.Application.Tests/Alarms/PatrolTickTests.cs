using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.Dispatch;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Alarms;

/// <summary>
/// The patrol without agent processes: the container here has never run anything, so every working agent is one
/// whose process it never saw — what a server restart leaves behind.
/// </summary>
public abstract class PatrolTickTests(TestStorage storage) : IAsyncLifetime
{
    private static readonly TimeSpan IdleInterval = TimeSpan.FromMinutes(7);
    private static readonly TimeSpan ActiveInterval = TimeSpan.FromSeconds(3);

    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:Alarm:ActiveInterval"] = "00:00:03",
        // The re-dispatch waits out its back-off, so each test sees the patrol's work on its own.
        ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
    }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>What the schedule phase commits before it calls the container: the attempt, the agent working under generation 1.</summary>
    private async Task<Agent> DispatchedButNeverStartedAsync(SlungPolecat polecat, int restartCount = 0)
    {
        await _app.WriteLedgerAsync(polecat.Rig.Id, async ledger =>
        {
            var agent = (await ledger.Agents.GetAsync(polecat.Agent.Id, AppHarness.Ct)).ShouldNotBeNull();
            var bead = (await ledger.Beads.GetAsync(polecat.Bead.Id, AppHarness.Ct)).ShouldNotBeNull();
            var (working, _) = await Dispatching.RecordAttemptAsync(ledger, agent, bead, _app.Clock.GetUtcNow(), AppHarness.Ct);
            await ledger.Agents.UpdateAsync(working with { RestartCount = restartCount, ProcessId = 4242 }, AppHarness.Ct);
        });
        var dispatched = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        dispatched.Status.ShouldBe(AgentStatus.Working);
        dispatched.Generation.ShouldBe(1);
        return dispatched;
    }

    [Fact]
    public async Task A_working_agent_the_container_never_saw_is_idle_again_with_its_hook_and_no_restart_counted()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await DispatchedButNeverStartedAsync(polecat);
        var before = _app.Clock.GetUtcNow();

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.Restarted.ShouldBe(1);
        (report.Stalled, report.Dispatched, report.DispatchFailed).ShouldBe((0, 0, 0));
        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.HookedBeadId.ShouldBe(polecat.Bead.Id);
        agent.RestartCount.ShouldBe(0);
        agent.ProcessId.ShouldBeNull();
        agent.Generation.ShouldBe(1);

        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        bead.Status.ShouldBe(BeadStatus.InProgress);
        bead.AssigneeAgentId.ShouldBe(polecat.Agent.Id);
        bead.EscalatedAt.ShouldBeNull();
        var exited = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Single(e => e.Type == BeadEventType.AgentExited);
        exited.NewValue.ShouldBe("was lost when the server restarted");
        exited.Metadata["generation"].ShouldBe("1");
        // Hooked work is waiting to be dispatched again: the alarm stays on the short interval.
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before + ActiveInterval, _app.Clock.GetUtcNow() + ActiveInterval);
    }

    [Fact]
    public async Task An_exit_of_an_earlier_generation_is_a_lost_run_not_a_crash_of_this_one()
    {
        // Generation 1 was dispatched, but the container only knows an older run that exited cleanly (in a cluster: the
        // dispatching node died before recording the new run, and the agent's previous node answers for its old one).
        var polecat = await _app.SlingToNewPolecatAsync();
        await DispatchedButNeverStartedAsync(polecat);
        _app.Container.Exit(polecat.Agent.Id, exitCode: 0);
        _app.Container.GetStatus(polecat.Agent.Id).Generation.ShouldBe(0);

        await _app.TickAsync(polecat.Rig.Id);

        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        (agent.Status, agent.HookedBeadId, agent.RestartCount).ShouldBe((AgentStatus.Idle, (Guid?)polecat.Bead.Id, 0));
        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Single(e => e.Type == BeadEventType.AgentExited)
            .NewValue.ShouldBe("was lost when the server restarted");
    }

    [Fact]
    public async Task A_lost_process_does_not_stall_an_agent_already_at_its_restart_limit()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await DispatchedButNeverStartedAsync(polecat, restartCount: 3);

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.Stalled.ShouldBe(0);
        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.HookedBeadId.ShouldBe(polecat.Bead.Id);
        agent.RestartCount.ShouldBe(3);
        (await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).EscalatedAt.ShouldBeNull();
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_second_tick_does_not_count_the_lost_process_again()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await DispatchedButNeverStartedAsync(polecat);
        await _app.TickAsync(polecat.Rig.Id);

        var again = await _app.TickAsync(polecat.Rig.Id);

        again.Restarted.ShouldBe(0);
        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count(e => e.Type == BeadEventType.AgentExited).ShouldBe(1);
    }

    [Fact]
    public async Task A_quiet_rig_reports_no_failures_and_re_arms_the_watchdog()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();
        var before = _app.Clock.GetUtcNow();

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.FailedPhases.ShouldBeEmpty();
        (report.Restarted, report.Stalled, report.Assigned, report.Dispatched, report.DispatchFailed, report.Merged, report.MergeFailed)
            .ShouldBe((0, 0, 0, 0, 0, 0, 0));
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before + IdleInterval, _app.Clock.GetUtcNow() + IdleInterval * 1.1);
        var stored = await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct));
        stored.ShouldNotBeNull().ShouldBe(report.NextAlarm.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_quiet_town_hq_reports_no_failures_and_re_arms_the_watchdog()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        // The mayor has handled the only message.
        (await _app.SendAsync(mayor.Session(), new CloseBeadCommand(mayor.Mayor.Id, mayor.FirstMessage.Id))).ShouldSucceed();
        var before = _app.Clock.GetUtcNow();

        var report = await _app.TickAsync(mayor.Town.Id);

        report.FailedPhases.ShouldBeEmpty();
        report.Dispatched.ShouldBe(0);
        report.DispatchFailed.ShouldBe(0);
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before + IdleInterval, _app.Clock.GetUtcNow() + IdleInterval * 1.1);
        (await _app.GetAgentAsync(mayor.Town.Id, mayor.Mayor.Id)).Status.ShouldBe(AgentStatus.Idle);
    }

    [Fact]
    public async Task A_waiting_message_keeps_the_town_hq_on_the_short_interval()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var before = _app.Clock.GetUtcNow();

        // The mayor's start fails, so the message waits for a retry.
        _app.Container.FailStarts("The mayor command is not installed.");
        var report = await _app.TickAsync(mayor.Town.Id);

        report.DispatchFailed.ShouldBe(1);
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before + ActiveInterval, _app.Clock.GetUtcNow() + ActiveInterval);
        var message = await _app.GetBeadAsync(mayor.Town.Id, mayor.FirstMessage.Id);
        message.Status.ShouldBe(BeadStatus.Open);
        message.DispatchAttempts.ShouldBe(1);
    }
}

public sealed class SqlitePatrolTickTests() : PatrolTickTests(TestStorage.Sqlite);

public sealed class PostgresPatrolTickTests(PostgresFixture postgres) : PatrolTickTests(TestStorage.Postgres(postgres));
