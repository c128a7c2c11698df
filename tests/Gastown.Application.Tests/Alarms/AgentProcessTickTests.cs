using Ardalis.Result;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.Common.Ports;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Alarms;

/// <summary>
/// Ticks with agent processes as the container reports them: the harness's in-memory container says which are
/// running or have exited, and the fake clock says how long an agent has been quiet. (Real processes are the subject
/// of the Infrastructure and EndToEnd tests.)
/// </summary>
public abstract class AgentProcessTickTest(IReadOnlyDictionary<string, string?> settings, TestStorage storage) : IAsyncLifetime
{
    protected AppHarness App { get; } = new(settings, storage: storage);

    protected InMemoryContainer Container => App.Container;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => App.DisposeAsync();

    /// <summary>A polecat with a bead, dispatched by one tick: working under generation 1, its process started.</summary>
    protected async Task<SlungPolecat> DispatchedPolecatAsync()
    {
        var polecat = await App.SlingToNewPolecatAsync("Add a greeting");

        var report = await App.TickAsync(polecat.Rig.Id);

        report.Dispatched.ShouldBe(1, "the polecat was started");
        var agent = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Working);
        agent.Generation.ShouldBe(1);
        agent.ProcessId.ShouldNotBeNull();
        // The ledger records which node dispatched it (decision 0016): this one.
        agent.NodeId.ShouldBe(App.Services.GetRequiredService<IClusterNodes>().LocalNodeId);
        Container.GetStatus(polecat.Agent.Id).ShouldBe(new AgentProcessStatus(AgentProcessState.Running, 1, ProcessId: agent.ProcessId));
        return polecat;
    }
}

public abstract class GuppCheckTests(TestStorage storage) : AgentProcessTickTest(new Dictionary<string, string?>
{
    ["Gastown:Alarm:GuppCheckAfter"] = "00:05:00",
}, storage)
{
    private static readonly TimeSpan GuppCheckAfter = TimeSpan.FromMinutes(5);

    private Task<IReadOnlyList<MailMessage>> UnreadAsync(SlungPolecat polecat) =>
        App.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct));

    private void QuietLongerThanTheLimit() => App.Clock.Advance(GuppCheckAfter + TimeSpan.FromSeconds(1));

    [Fact]
    public async Task An_agent_quiet_for_less_than_the_limit_gets_no_check()
    {
        var polecat = await DispatchedPolecatAsync();
        App.Clock.Advance(GuppCheckAfter - TimeSpan.FromSeconds(1));

        await App.TickAsync(polecat.Rig.Id);

        (await UnreadAsync(polecat)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Recent_output_counts_as_activity()
    {
        var polecat = await DispatchedPolecatAsync();
        QuietLongerThanTheLimit();
        Container.Output(polecat.Agent.Id, App.Clock.GetUtcNow() - TimeSpan.FromSeconds(10));

        await App.TickAsync(polecat.Rig.Id);

        (await UnreadAsync(polecat)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_quiet_working_agent_gets_one_gupp_check_until_it_reads_it()
    {
        var polecat = await DispatchedPolecatAsync();
        QuietLongerThanTheLimit();

        var first = await App.TickAsync(polecat.Rig.Id);
        var second = await App.TickAsync(polecat.Rig.Id);

        // The process is fine, so nothing else happens to the agent.
        (first.Restarted, second.Restarted, first.Dispatched, second.Dispatched).ShouldBe((0, 0, 0, 0));
        var gupp = (await UnreadAsync(polecat)).ShouldHaveSingleItem();
        gupp.Subject.ShouldBe(MailMessage.GuppCheckSubject);
        gupp.From.ShouldBe("witness");
        gupp.Body.ShouldContain("escalate");
        var noted = (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Where(e => e.Type == BeadEventType.MailSent).ShouldHaveSingleItem();
        noted.NewValue.ShouldBe(MailMessage.GuppCheckSubject);
        (await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).Status.ShouldBe(AgentStatus.Working);

        // A late call from an earlier generation cannot take the mail.
        (await App.SendAsync(polecat.Session(generation: 0), new CheckMailCommand(polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await UnreadAsync(polecat)).Count.ShouldBe(1);

        // The live process says it is alive and reads its mail: the check is delivered, once.
        (await App.SendAsync(polecat.Session(generation: 1), new HeartbeatCommand(polecat.Agent.Id))).ShouldSucceed();
        var read = await App.SendAsync(polecat.Session(generation: 1), new CheckMailCommand(polecat.Agent.Id));
        read.ShouldHaveStatus(ResultStatus.Ok);
        read.Value.ShouldHaveSingleItem().Id.ShouldBe(gupp.Id);
        read.Value[0].Delivered.ShouldBeTrue();
        (await App.SendAsync(polecat.Session(generation: 1), new CheckMailCommand(polecat.Agent.Id))).Value.ShouldBeEmpty();
        (await UnreadAsync(polecat)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Once_read_a_later_quiet_spell_gets_a_new_check()
    {
        var polecat = await DispatchedPolecatAsync();
        QuietLongerThanTheLimit();
        await App.TickAsync(polecat.Rig.Id);
        (await App.SendAsync(polecat.Session(generation: 1), new CheckMailCommand(polecat.Agent.Id))).Value.ShouldHaveSingleItem();

        // Reading was activity: no new check at once; once the agent has been quiet long enough again, the patrol asks again.
        await App.TickAsync(polecat.Rig.Id);
        (await UnreadAsync(polecat)).ShouldBeEmpty();
        QuietLongerThanTheLimit();
        await App.TickAsync(polecat.Rig.Id);
        (await UnreadAsync(polecat)).Count.ShouldBe(1);

        (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count(e => e.Type == BeadEventType.MailSent).ShouldBe(2);
    }
}

public abstract class CrashedProcessTickTests(TestStorage storage) : AgentProcessTickTest(new Dictionary<string, string?>
{
    // The re-dispatch waits out its back-off, so the test sees the patrol's work on its own.
    ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
}, storage)
{
    [Fact]
    public async Task A_process_that_exits_without_done_is_not_done_and_counts_a_restart()
    {
        var polecat = await DispatchedPolecatAsync();
        Container.Exit(polecat.Agent.Id, exitCode: 3);

        var report = await App.TickAsync(polecat.Rig.Id);

        report.Restarted.ShouldBe(1);
        var agent = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.HookedBeadId.ShouldBe(polecat.Bead.Id);
        // Unlike a process the container never saw, a crash counts.
        agent.RestartCount.ShouldBe(1);
        (await App.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);
        (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Single(e => e.Type == BeadEventType.AgentExited)
            .NewValue.ShouldBe("exited with code 3");
    }

    [Fact]
    public async Task A_crash_past_the_restart_limit_stalls_the_agent_and_gives_the_bead_up()
    {
        var polecat = await DispatchedPolecatAsync();
        // Three crashes already (MaxRestarts is 3): this one is the fourth.
        await App.WriteLedgerAsync(polecat.Rig.Id, async ledger =>
        {
            var agent = (await ledger.Agents.GetAsync(polecat.Agent.Id, AppHarness.Ct)).ShouldNotBeNull();
            await ledger.Agents.UpdateAsync(agent with { RestartCount = 3 }, AppHarness.Ct);
        });
        Container.Exit(polecat.Agent.Id, exitCode: 1);

        var report = await App.TickAsync(polecat.Rig.Id);

        (report.Restarted, report.Stalled).ShouldBe((0, 1));
        var stalled = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        (stalled.Status, stalled.HookedBeadId, stalled.RestartCount).ShouldBe((AgentStatus.Stalled, (Guid?)null, 4));
        var bead = await App.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        (bead.Status, bead.AssigneeAgentId).ShouldBe((BeadStatus.Open, (Guid?)null));
        bead.EscalatedAt.ShouldNotBeNull();
        (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).TakeLast(5).ShouldBe([
            BeadEventType.AgentExited, BeadEventType.AgentStalled, BeadEventType.Unhooked, BeadEventType.StatusChanged, BeadEventType.Escalated]);
        var escalation = (await App.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct)))
            .ShouldHaveSingleItem();
        escalation.Title.ShouldBe("Stalled: Add a greeting");
        escalation.Body.ShouldNotBeNull().ShouldContain("exited with code 1 without calling done, 4 times in a row");
        // A stalled agent is not dispatched again.
        (await App.TickAsync(polecat.Rig.Id)).Dispatched.ShouldBe(0);
    }
}

public sealed class SqliteGuppCheckTests() : GuppCheckTests(TestStorage.Sqlite);

public sealed class PostgresGuppCheckTests(PostgresFixture postgres) : GuppCheckTests(TestStorage.Postgres(postgres));

public sealed class SqliteCrashedProcessTickTests() : CrashedProcessTickTests(TestStorage.Sqlite);

public sealed class PostgresCrashedProcessTickTests(PostgresFixture postgres) : CrashedProcessTickTests(TestStorage.Postgres(postgres));
