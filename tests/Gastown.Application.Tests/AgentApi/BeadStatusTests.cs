using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.UpdateBeadStatus;
using Gastown.Application.Tests.Support;
using Gastown.Domain;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.AgentApi;

public abstract class UpdateBeadStatusTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Moves_the_agents_bead_between_open_and_in_progress_with_an_event_each_time()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var opened = await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, polecat.Bead.Id, "open"));
        var resumed = await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, polecat.Bead.Id, "in_progress"));

        opened.ShouldHaveStatus(ResultStatus.Ok);
        opened.Value.Status.ShouldBe(BeadStatus.Open.ToText());
        // Still the agent's: an agent setting its own bead open does not put it back in the queue.
        opened.Value.AssigneeAgentId.ShouldBe(polecat.Agent.Id);
        resumed.Value.Status.ShouldBe(BeadStatus.InProgress.ToText());

        var stored = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        stored.Status.ShouldBe(BeadStatus.InProgress);
        var changes = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Where(e => e.Type == BeadEventType.StatusChanged).ToList();
        changes.Select(e => (e.OldValue, e.NewValue)).ShouldBe([
            ("open", "in_progress"), // the sling's hook
            ("in_progress", "open"),
            ("open", "in_progress"),
        ]);
        changes.Skip(1).ShouldAllBe(e => e.AgentId == polecat.Agent.Id);
    }

    [Fact]
    public async Task The_same_status_again_writes_no_event()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var eventsBefore = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count;

        (await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, polecat.Bead.Id, "in_progress"))).ShouldSucceed();

        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count.ShouldBe(eventsBefore);
    }

    [Theory]
    [InlineData("closed")]
    [InlineData("cancelled")]
    [InlineData("IN_PROGRESS")]
    [InlineData("InProgress")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Takes_only_open_or_in_progress(string? status)
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, polecat.Bead.Id, status!))).ShouldBeInvalidOn("status");

        (await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);
    }

    [Fact]
    public async Task Refuses_the_empty_bead_id()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, Guid.Empty, "open"))).ShouldBeInvalidOn("beadId");
    }

    [Fact]
    public async Task Another_agents_bead_or_an_unknown_one_is_not_found()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        (await _app.SendAsync(toast.Session(), new UpdateBeadStatusCommand(toast.Agent.Id, maple.Bead.Id, "open"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(toast.Session(), new UpdateBeadStatusCommand(toast.Agent.Id, Guid.NewGuid(), "open"))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task A_closed_bead_is_a_conflict()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        var result = await _app.SendAsync(polecat.Session(), new UpdateBeadStatusCommand(polecat.Agent.Id, polecat.Bead.Id, "open"));

        result.ShouldHaveStatus(ResultStatus.Conflict);
        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }
}

public abstract class CloseBeadTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Closes_the_hooked_bead_and_lets_go_of_the_hook()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.Status.ShouldBe(BeadStatus.Closed.ToText());
        result.Value.ClosedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before);

        var (bead, agent, events) = await _app.ReadLedgerAsync(polecat.Rig.Id, async ledger => (
            await ledger.Beads.GetAsync(polecat.Bead.Id, AppHarness.Ct),
            await ledger.Agents.GetAsync(polecat.Agent.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(polecat.Bead.Id, AppHarness.Ct)));
        bead.ShouldNotBeNull().Status.ShouldBe(BeadStatus.Closed);
        agent.ShouldNotBeNull().HookedBeadId.ShouldBeNull();
        events.Select(e => e.Type).TakeLast(3).ShouldBe([BeadEventType.StatusChanged, BeadEventType.Closed, BeadEventType.Unhooked]);
        events[^3].OldValue.ShouldBe(BeadStatus.InProgress.ToText());
        events[^3].NewValue.ShouldBe(BeadStatus.Closed.ToText());
    }

    [Fact]
    public async Task Closing_a_closed_bead_again_changes_nothing()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var first = await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id));
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        var again = await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id));

        again.ShouldHaveStatus(ResultStatus.Ok);
        again.Value.ClosedAt.ShouldBe(first.Value.ClosedAt);
        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Another_agents_bead_or_an_unknown_one_is_not_found()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Maple's");
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        (await _app.SendAsync(toast.Session(), new CloseBeadCommand(toast.Agent.Id, maple.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(toast.Session(), new CloseBeadCommand(toast.Agent.Id, Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Refuses_the_empty_bead_id()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, Guid.Empty))).ShouldBeInvalidOn("beadId");
    }
}

public sealed class SqliteUpdateBeadStatusTests() : UpdateBeadStatusTests(TestStorage.Sqlite);

public sealed class PostgresUpdateBeadStatusTests(PostgresFixture postgres) : UpdateBeadStatusTests(TestStorage.Postgres(postgres));

public sealed class SqliteCloseBeadTests() : CloseBeadTests(TestStorage.Sqlite);

public sealed class PostgresCloseBeadTests(PostgresFixture postgres) : CloseBeadTests(TestStorage.Postgres(postgres));
