using Ardalis.Result;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Domain;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Beads;

public abstract class SlingBeadTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Creates_the_bead_registers_a_polecat_and_hooks_one_to_the_other()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", "It 500s on Tuesdays.", null));

        result.ShouldHaveStatus(ResultStatus.Created);
        var (bead, agent, queued) = result.Value;
        queued.ShouldBeFalse();
        agent.ShouldNotBeNull();

        bead.Type.ShouldBe(BeadType.Issue.ToText());
        bead.Status.ShouldBe(BeadStatus.InProgress.ToText());
        bead.Title.ShouldBe("Fix the login");
        bead.Body.ShouldBe("It 500s on Tuesdays.");
        bead.AssigneeAgentId.ShouldBe(agent.Id);
        bead.Metadata["model"].ShouldBe("kilo/auto");
        bead.Metadata["slung_by"].ShouldBe(owner.UserId.ToString());

        agent.Role.ShouldBe(AgentRole.Polecat.ToText());
        agent.Name.ShouldBe("Toast");
        agent.Identity.ShouldBe($"{rig.Name}/polecats/Toast");
        agent.Status.ShouldBe(AgentStatus.Idle.ToText());
        agent.HookedBeadId.ShouldBe(bead.Id);

        // All of it is in the store, with its events and the alarm due now.
        var (storedBead, storedAgent, events, alarm) = await _app.ReadLedgerAsync(rig.Id, async ledger => (
            await ledger.Beads.GetAsync(bead.Id, AppHarness.Ct),
            await ledger.Agents.GetAsync(agent.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(bead.Id, AppHarness.Ct),
            await ledger.Alarm.GetAsync(AppHarness.Ct)));
        storedBead.ShouldNotBeNull().Status.ShouldBe(BeadStatus.InProgress);
        storedBead.AssigneeAgentId.ShouldBe(agent.Id);
        storedAgent.ShouldNotBeNull().HookedBeadId.ShouldBe(bead.Id);
        events.Select(e => e.Type).ShouldBe([BeadEventType.Created, BeadEventType.Assigned, BeadEventType.Hooked, BeadEventType.StatusChanged]);
        events.Last().OldValue.ShouldBe(BeadStatus.Open.ToText());
        events.Last().NewValue.ShouldBe(BeadStatus.InProgress.ToText());
        alarm.ShouldNotBeNull().ShouldBeInRange(before.AddSeconds(-1), _app.Clock.GetUtcNow().AddSeconds(1));
    }

    [Fact]
    public async Task Keeps_the_model_asked_for()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var bead = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Refactor", null, "anthropic/claude"))).Value.Bead;

        bead.Metadata["model"].ShouldBe("anthropic/claude");
    }

    [Fact]
    public async Task A_busy_polecat_is_not_reused_so_the_next_bead_gets_a_new_one()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var first = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "one", null, null))).Value;
        var second = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "two", null, null))).Value;

        second.Agent.ShouldNotBeNull().Name.ShouldBe("Maple");
        second.Agent.Id.ShouldNotBe(first.Agent!.Id);
    }

    [Fact]
    public async Task Polecat_names_are_unique_across_the_rigs_of_a_town()
    {
        var (owner, town, web) = await _app.CreateUserWithRigAsync();
        var api = await _app.CreateRigAsync(owner, town.Id, "api");

        var onWeb = (await _app.SendAsync(owner, new SlingBeadCommand(web.Id, "one", null, null))).Value;
        var onApi = (await _app.SendAsync(owner, new SlingBeadCommand(api.Id, "two", null, null))).Value;

        onWeb.Agent!.Name.ShouldBe("Toast");
        onApi.Agent!.Name.ShouldBe("Maple");
        onApi.Agent.Identity.ShouldBe("api/polecats/Maple");
    }

    [Fact]
    public async Task Names_restart_from_the_pool_in_another_town()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var otherTown = await _app.CreateTownAsync(owner);
        var otherRig = await _app.CreateRigAsync(owner, otherTown.Id);

        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "one", null, null))).Value.Agent!.Name.ShouldBe("Toast");
        (await _app.SendAsync(owner, new SlingBeadCommand(otherRig.Id, "two", null, null))).Value.Agent!.Name.ShouldBe("Toast");
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Refuses_an_empty_title(string? title)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, title!, null, null))).ShouldBeInvalidOn("title");
    }

    [Fact]
    public async Task Refuses_a_title_or_body_too_long()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, new string('t', Bead.MaxTitleLength + 1), null, null))).ShouldBeInvalidOn("title");
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "ok", new string('b', Bead.MaxBodyLength + 1), null))).ShouldBeInvalidOn("body");
    }

    [Theory]
    [InlineData("bad\nmodel")]
    [InlineData("bad\u0000model")]
    public async Task Refuses_a_model_with_control_characters(string model)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "ok", null, model))).ShouldBeInvalidOn("model");
    }

    [Fact]
    public async Task Refuses_a_model_name_too_long()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "ok", null, new string('m', 201)))).ShouldBeInvalidOn("model");
    }

    [Fact]
    public async Task An_invalid_sling_writes_nothing()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "", null, null));

        var (beads, agents) = await _app.ReadLedgerAsync(rig.Id, async ledger => (
            await ledger.Beads.ListAsync(new(), AppHarness.Ct), await ledger.Agents.ListAsync(AppHarness.Ct)));
        beads.ShouldBeEmpty();
        agents.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_users_rig_is_not_found_and_nothing_is_written()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        var stranger = await _app.CreateUserAsync();

        (await _app.SendAsync(stranger, new SlingBeadCommand(rig.Id, "mine now", null, null))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new SlingBeadCommand(Guid.NewGuid(), "nowhere", null, null))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Beads.ListAsync(new(), AppHarness.Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(Actor.Anonymous, new SlingBeadCommand(rig.Id, "x", null, null))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public abstract class SlingBeadAtTheCapTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?> { ["Gastown:MaxPolecatsPerRig"] = "1" }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Queues_the_bead_when_the_rig_has_no_polecat_to_spare()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var first = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "one", null, null))).Value;

        var result = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "two", null, null));

        result.ShouldHaveStatus(ResultStatus.Created);
        result.Value.Queued.ShouldBeTrue();
        result.Value.Agent.ShouldBeNull();
        result.Value.Bead.Status.ShouldBe(BeadStatus.Open.ToText());
        result.Value.Bead.AssigneeAgentId.ShouldBeNull();

        var (agents, queuedBeads, alarm) = await _app.ReadLedgerAsync(rig.Id, async ledger => (
            await ledger.Agents.ListAsync(AppHarness.Ct),
            await ledger.Beads.ListQueuedAsync(10, AppHarness.Ct),
            await ledger.Alarm.GetAsync(AppHarness.Ct)));
        agents.Select(agent => agent.Id).ShouldBe([first.Agent!.Id]);
        queuedBeads.Select(bead => bead.Id).ShouldBe([result.Value.Bead.Id]);
        alarm.ShouldNotBeNull();
    }

    [Fact]
    public async Task Later_beads_queue_behind_earlier_ones()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "one", null, null));
        var second = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "two", null, null))).Value;
        var third = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "three", null, null))).Value;

        third.Queued.ShouldBeTrue();
        var queued = await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Beads.ListQueuedAsync(10, AppHarness.Ct));
        queued.Select(bead => bead.Id).ShouldBe([second.Bead.Id, third.Bead.Id]);
    }
}

public sealed class SqliteSlingBeadTests() : SlingBeadTests(TestStorage.Sqlite);

public sealed class PostgresSlingBeadTests(PostgresFixture postgres) : SlingBeadTests(TestStorage.Postgres(postgres));

public sealed class SqliteSlingBeadAtTheCapTests() : SlingBeadAtTheCapTests(TestStorage.Sqlite);

public sealed class PostgresSlingBeadAtTheCapTests(PostgresFixture postgres) : SlingBeadAtTheCapTests(TestStorage.Postgres(postgres));
