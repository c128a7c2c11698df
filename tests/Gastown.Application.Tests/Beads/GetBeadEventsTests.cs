using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Beads.GetBeadEvents;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Beads;

public abstract class GetBeadEventsTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Answers_every_change_oldest_first()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).ShouldSucceed();

        var result = await _app.SendAsync(polecat.Owner, new GetBeadEventsQuery(polecat.Rig.Id, polecat.Bead.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var events = result.Value;
        events.Select(e => e.Type).ShouldBe([
            BeadEventType.Created.ToText(), BeadEventType.Assigned.ToText(), BeadEventType.Hooked.ToText(), BeadEventType.StatusChanged.ToText(),
            BeadEventType.ReviewSubmitted.ToText(), BeadEventType.Unhooked.ToText(),
        ]);
        events.ShouldAllBe(e => e.BeadId == polecat.Bead.Id);
        events.Select(e => e.Id).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.CreatedAt).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Id).Distinct().Count().ShouldBe(events.Count);
    }

    [Fact]
    public async Task Only_the_beads_own_events()
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Another");

        var events = (await _app.SendAsync(toast.Owner, new GetBeadEventsQuery(toast.Rig.Id, maple.Bead.Id))).Value;

        events.ShouldAllBe(e => e.BeadId == maple.Bead.Id);
        events.Count.ShouldBe(4);
    }

    [Fact]
    public async Task An_unknown_bead_or_one_of_another_rig_is_not_found()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var otherRig = await _app.CreateRigAsync(polecat.Owner, polecat.Town.Id, "other");

        (await _app.SendAsync(polecat.Owner, new GetBeadEventsQuery(polecat.Rig.Id, Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(polecat.Owner, new GetBeadEventsQuery(otherRig.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Another_users_rig_is_not_found()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var stranger = await _app.CreateUserAsync();

        (await _app.SendAsync(stranger, new GetBeadEventsQuery(polecat.Rig.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new GetBeadEventsQuery(Guid.NewGuid(), polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Needs_a_signed_in_user_not_an_agent()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(Actor.Anonymous, new GetBeadEventsQuery(polecat.Rig.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAsync(polecat.Session(), new GetBeadEventsQuery(polecat.Rig.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Fact]
    public async Task Refuses_the_empty_bead_id()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Owner, new GetBeadEventsQuery(polecat.Rig.Id, Guid.Empty))).ShouldBeInvalidOn("beadId");
    }
}

public sealed class SqliteGetBeadEventsTests() : GetBeadEventsTests(TestStorage.Sqlite);

public sealed class PostgresGetBeadEventsTests(PostgresFixture postgres) : GetBeadEventsTests(TestStorage.Postgres(postgres));
