using Ardalis.Result;
using Gastown.Application.Agents.NudgeAgent;
using Gastown.Application.Dispatch;
using Gastown.Application.MayorApi.MayorNudge;
using Gastown.Application.Tests.Support;

namespace Gastown.Application.Tests.Agents;

/// <summary>
/// Nudges: to a running process that reads input at once (a stream-json user turn), else at the start of the agent's
/// next run; kept as the agent's mail either way; the same from a person (the rig's owner) and from the town's mayor.
/// </summary>
public abstract class NudgeAgentTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_running_polecat_gets_the_nudge_on_its_input_at_once_and_its_mail_shows_it_delivered()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.TickAsync(polecat.Rig.Id); // dispatched: running under generation 1

        var nudged = await _app.SendAsync(polecat.Owner, new NudgeAgentCommand(polecat.Rig.Id, polecat.Agent.Id, "  Use the existing helper.  "));

        nudged.ShouldSucceed();
        (nudged.Value.Delivery, nudged.Value.Mail.Subject, nudged.Value.Mail.Body, nudged.Value.Mail.Sender, nudged.Value.Mail.Delivered)
            .ShouldBe((Nudges.DeliveredNow, Nudges.Subject, "Use the existing helper.", "overseer", true));
        var (agentId, line) = _app.Container.Messages.ShouldHaveSingleItem();
        agentId.ShouldBe(polecat.Agent.Id);
        line.ShouldBe("""{"type":"user","message":{"role":"user","content":[{"type":"text","text":"Nudge: Use the existing helper."}]}}""");
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();
        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).ShouldContain(e => e.NewValue == "nudge from overseer");
    }

    [Fact]
    public async Task A_nudge_to_a_polecat_that_is_not_running_starts_its_next_run()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Fix the login");

        var nudged = await _app.SendAsync(polecat.Owner, new NudgeAgentCommand(polecat.Rig.Id, polecat.Agent.Id, "Check the session cookie first."));

        nudged.ShouldSucceed();
        (nudged.Value.Delivery, nudged.Value.Mail.Delivered).ShouldBe((Nudges.WaitsForNextRun, false));
        _app.Container.Messages.ShouldBeEmpty();
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct)))
            .ShouldHaveSingleItem().Body.ShouldBe("Check the session cookie first.");

        await _app.TickAsync(polecat.Rig.Id); // its next run

        var launch = _app.Container.Launches.ShouldHaveSingleItem();
        launch.Prompt.ShouldStartWith("Nudge from overseer: Check the session cookie first.");
        launch.Prompt.ShouldContain("Fix the login");
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();

        // Given once: the run after it starts without it.
        _app.Container.Exit(polecat.Agent.Id, exitCode: 1);
        await _app.TickAsync(polecat.Rig.Id);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await _app.TickAsync(polecat.Rig.Id);
        _app.Container.Launches.Count.ShouldBe(2);
        _app.Container.Launches[1].Prompt.ShouldNotContain("Nudge from");
    }

    [Fact]
    public async Task The_mayor_nudges_a_polecat_of_its_town_by_identity()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id, "web");
        var polecat = await _app.SlingAsync(mayor.Owner, mayor.Town, rig);

        var nudged = await _app.SendAsync(mayor.Session(), new MayorNudgeCommand(mayor.Mayor.Id, polecat.Agent.Identity, "The user wants it today."));

        nudged.ShouldSucceed();
        (nudged.Value.Mail.Sender, nudged.Value.Mail.ToAgentId, nudged.Value.Delivery).ShouldBe(("mayor", polecat.Agent.Id, Nudges.WaitsForNextRun));
        (await _app.SendAsync(mayor.Session(), new MayorNudgeCommand(mayor.Mayor.Id, "web/polecats/Nobody", "hello"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(mayor.Session(), new MayorNudgeCommand(mayor.Mayor.Id, " ", ""))).ShouldBeInvalidOn("agent", "message");
    }

    [Fact]
    public async Task Bad_input_another_users_rig_and_a_missing_agent_are_refused_and_change_nothing()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var stranger = await _app.CreateUserAsync("stranger");

        (await _app.SendAsync(polecat.Owner, new NudgeAgentCommand(polecat.Rig.Id, polecat.Agent.Id, "  "))).ShouldBeInvalidOn("message");
        (await _app.SendAsync(polecat.Owner, new NudgeAgentCommand(polecat.Rig.Id, polecat.Agent.Id, new string('x', Nudges.MaxMessageLength + 1))))
            .ShouldBeInvalidOn("message");
        (await _app.SendAsync(stranger, new NudgeAgentCommand(polecat.Rig.Id, polecat.Agent.Id, "hi"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(polecat.Owner, new NudgeAgentCommand(polecat.Rig.Id, Guid.NewGuid(), "hi"))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct))).ShouldBeEmpty();
    }
}

public sealed class SqliteNudgeAgentTests() : NudgeAgentTests(TestStorage.Sqlite);

public sealed class PostgresNudgeAgentTests(PostgresFixture postgres) : NudgeAgentTests(TestStorage.Postgres(postgres));
