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
/// Ticks with real agent processes: the harness's container is the real in-process one, the polecat command a shell
/// that sleeps (or exits at once), the rig's remote a local bare repository.
/// </summary>
public abstract class AgentProcessTickTest : IAsyncLifetime
{
    private LocalOrigin _origin = null!;

    protected AgentProcessTickTest(string polecatScript, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Gastown:Git:AllowLocalRepositories"] = "true",
            ["Gastown:Container:Agents:polecat:Command:0"] = "/bin/sh",
            ["Gastown:Container:Agents:polecat:Command:1"] = "-c",
            ["Gastown:Container:Agents:polecat:Command:2"] = polecatScript,
            ["Gastown:Container:StopGracePeriod"] = "00:00:00.200",
        };
        App = new AppHarness(all);
    }

    protected AppHarness App { get; }

    protected ITownContainer Container => App.Services.GetRequiredService<ITownContainer>();

    public async ValueTask InitializeAsync() => _origin = await LocalOrigin.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        // Disposing the harness disposes the container, which kills every agent's process tree.
        await App.DisposeAsync();
        _origin.Dispose();
    }

    /// <summary>A polecat with a bead, dispatched by one tick: working under generation 1, its process started.</summary>
    protected async Task<SlungPolecat> DispatchedPolecatAsync()
    {
        var owner = await App.CreateUserAsync();
        var town = await App.CreateTownAsync(owner);
        var rig = await App.CreateRigAsync(owner, town.Id, "web", _origin.BarePath);
        var polecat = await App.SlingAsync(owner, town, rig, "Add a greeting");

        var report = await App.TickAsync(rig.Id);

        report.Dispatched.ShouldBe(1, "the polecat was started");
        var agent = await App.GetAgentAsync(rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Working);
        agent.Generation.ShouldBe(1);
        agent.ProcessId.ShouldNotBeNull();
        return polecat;
    }
}

public sealed class GuppCheckTests() : AgentProcessTickTest("exec sleep 30", new Dictionary<string, string?>
{
    ["Gastown:Alarm:GuppCheckAfter"] = "00:00:00.200",
})
{
    private static readonly TimeSpan GuppCheckAfter = TimeSpan.FromMilliseconds(200);

    private Task<IReadOnlyList<MailMessage>> UnreadAsync(SlungPolecat polecat) =>
        App.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.ListUndeliveredMailAsync(polecat.Agent.Id, AppHarness.Ct));

    private async Task QuietLongerThanTheLimitAsync(SlungPolecat polecat) =>
        await Eventually.TrueAsync(async () =>
        {
            var agent = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
            return DateTimeOffset.UtcNow - agent.LastActivityAt > GuppCheckAfter;
        }, "the agent has been quiet longer than GuppCheckAfter");

    [Fact]
    public async Task A_quiet_working_agent_gets_one_gupp_check_until_it_reads_it()
    {
        var polecat = await DispatchedPolecatAsync();
        Container.GetStatus(polecat.Agent.Id).State.ShouldBe(AgentProcessState.Running);
        await QuietLongerThanTheLimitAsync(polecat);

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
        (await App.SendAsync(polecat.Session(generation: 0), new CheckMail(polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await UnreadAsync(polecat)).Count.ShouldBe(1);

        // The live process says it is alive and reads its mail: the check is delivered, once.
        (await App.SendAsync(polecat.Session(generation: 1), new Heartbeat(polecat.Agent.Id))).ShouldSucceed();
        var read = await App.SendAsync(polecat.Session(generation: 1), new CheckMail(polecat.Agent.Id));
        read.ShouldHaveStatus(ResultStatus.Ok);
        read.Value.ShouldHaveSingleItem().Id.ShouldBe(gupp.Id);
        read.Value[0].Delivered.ShouldBeTrue();
        (await App.SendAsync(polecat.Session(generation: 1), new CheckMail(polecat.Agent.Id))).Value.ShouldBeEmpty();
        (await UnreadAsync(polecat)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Once_read_a_later_quiet_spell_gets_a_new_check()
    {
        var polecat = await DispatchedPolecatAsync();
        await QuietLongerThanTheLimitAsync(polecat);
        await App.TickAsync(polecat.Rig.Id);
        (await App.SendAsync(polecat.Session(generation: 1), new CheckMail(polecat.Agent.Id))).Value.ShouldHaveSingleItem();

        // Reading was activity; once the agent has been quiet long enough again, the patrol asks again.
        await Eventually.TrueAsync(async () =>
        {
            await App.TickAsync(polecat.Rig.Id);
            return (await UnreadAsync(polecat)).Count == 1;
        }, "a second GUPP_CHECK");

        (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count(e => e.Type == BeadEventType.MailSent).ShouldBe(2);
    }
}

public sealed class CrashedProcessTickTests() : AgentProcessTickTest("exit 3", new Dictionary<string, string?>
{
    // The re-dispatch waits out its back-off, so the test sees the patrol's work on its own.
    ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
})
{
    [Fact]
    public async Task A_process_that_exits_without_done_is_not_done_and_counts_a_restart()
    {
        var polecat = await DispatchedPolecatAsync();
        await Eventually.TrueAsync(() => Task.FromResult(Container.GetStatus(polecat.Agent.Id).State == AgentProcessState.Exited), "the process exited");

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
}
