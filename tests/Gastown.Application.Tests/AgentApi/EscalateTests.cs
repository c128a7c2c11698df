using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Escalate;
using Gastown.Application.Common.Ports;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.AgentApi;

public abstract class EscalateTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Writes_an_escalation_bead_about_the_hooked_work()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var result = await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "Need credentials", "The API key is missing.", "critical"));

        result.ShouldHaveStatus(ResultStatus.Created);
        var escalation = result.Value;
        escalation.Type.ShouldBe(BeadType.Escalation.ToText());
        escalation.Status.ShouldBe(BeadStatus.Open.ToText());
        escalation.Title.ShouldBe("Need credentials");
        escalation.Body.ShouldBe("The API key is missing.");
        escalation.Priority.ShouldBe(BeadPriority.Critical.ToText());
        escalation.Metadata["bead_id"].ShouldBe(polecat.Bead.Id.ToString());
        escalation.Metadata["agent_id"].ShouldBe(polecat.Agent.Id.ToString());

        var (stored, subject, subjectEvents) = await _app.ReadLedgerAsync(polecat.Rig.Id, async ledger => (
            await ledger.Beads.GetAsync(escalation.Id, AppHarness.Ct),
            await ledger.Beads.GetAsync(polecat.Bead.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(polecat.Bead.Id, AppHarness.Ct)));
        stored.ShouldNotBeNull().Type.ShouldBe(BeadType.Escalation);
        // Asking for help is not giving up: the work stays hooked and in progress.
        subject.ShouldNotBeNull().Status.ShouldBe(BeadStatus.InProgress);
        subject.AssigneeAgentId.ShouldBe(polecat.Agent.Id);
        var escalated = subjectEvents.Last();
        escalated.Type.ShouldBe(BeadEventType.Escalated);
        escalated.NewValue.ShouldBe(escalation.Id.ToString());
        escalated.Metadata["reason"].ShouldBe("The API key is missing.");
    }

    [Fact]
    public async Task Defaults_to_medium_priority_and_an_empty_body()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var escalation = (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "Stuck", null, null))).Value;

        escalation.Priority.ShouldBe(BeadPriority.Medium.ToText());
        escalation.Body.ShouldBe("");
    }

    [Fact]
    public async Task An_agent_with_nothing_hooked_may_still_escalate()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id));

        var escalation = (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "Idle and confused", null, "low"))).Value;

        escalation.Metadata.ShouldNotContainKey("bead_id");
        escalation.Metadata["agent_id"].ShouldBe(polecat.Agent.Id.ToString());
    }

    [Theory]
    [InlineData("urgent")]
    [InlineData("High")]
    [InlineData("")]
    public async Task Refuses_an_unknown_priority(string priority)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "Help", null, priority))).ShouldBeInvalidOn("priority");
    }

    [Fact]
    public async Task Refuses_an_empty_or_too_long_title_and_a_body_too_long()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "", null, null))).ShouldBeInvalidOn("title");
        (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, new string('t', Bead.MaxTitleLength + 1), null, null)))
            .ShouldBeInvalidOn("title");
        (await _app.SendAsync(polecat.Session(), new EscalateCommand(polecat.Agent.Id, "Help", new string('b', Bead.MaxBodyLength + 1), null)))
            .ShouldBeInvalidOn("body");

        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new BeadFilter(Type: BeadType.Escalation), AppHarness.Ct)))
            .ShouldBeEmpty();
    }
}

public sealed class SqliteEscalateTests() : EscalateTests(TestStorage.Sqlite);

public sealed class PostgresEscalateTests(PostgresFixture postgres) : EscalateTests(TestStorage.Postgres(postgres));
