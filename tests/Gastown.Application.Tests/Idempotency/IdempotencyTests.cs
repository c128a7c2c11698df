using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.ListConvoys;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.SendMessage;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Idempotency;

/// <summary>
/// Idempotency keys (issue 23, decision 0025): the same key from the same user answers the first response again and
/// creates nothing — sequentially, concurrently, on another node (or after a restart), within 24 hours; another user's
/// key, an expired key or a failed first request do not count.
/// </summary>
public abstract class IdempotencyTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<IReadOnlyList<Bead>> BeadsAsync(AppHarness app, Guid rigId) =>
        app.ReadLedgerAsync(rigId, ledger => ledger.Beads.ListAsync(new BeadFilter(Type: BeadType.Issue), AppHarness.Ct));

    [Fact]
    public async Task A_repeated_sling_answers_the_first_response_and_slings_once()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var first = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", null, null, RequestId: "key-1"));
        first.ShouldSucceed();

        var again = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", null, null, RequestId: "key-1"));
        again.Status.ShouldBe(first.Status);
        again.Value.Bead.Id.ShouldBe(first.Value.Bead.Id);
        again.Value.Agent.ShouldNotBeNull().Id.ShouldBe(first.Value.Agent!.Id);
        (await BeadsAsync(_app, rig.Id)).Count.ShouldBe(1);

        // Another key, or no key, is another request.
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", null, null, RequestId: "key-2"))).ShouldSucceed();
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", null, null))).ShouldSucceed();
        (await BeadsAsync(_app, rig.Id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Concurrent_duplicates_create_one_bead()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Once", null, null, RequestId: "racing"))));

        results.ShouldAllBe(result => result.IsSuccess);
        results.Select(result => result.Value.Bead.Id).Distinct().ShouldHaveSingleItem();
        (await BeadsAsync(_app, rig.Id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_key_is_durable_another_node_or_a_restart_answers_it_too()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var convoy = new CreateConvoyCommand(town.Id, "Plan", [new ConvoyTask(rig.Name, "A"), new ConvoyTask(rig.Name, "B", DependsOn: [0])], RequestId: "plan-1");
        var first = await _app.SendAsync(owner, convoy);
        first.ShouldSucceed();

        await using var second = _app.SecondNode();
        var again = await second.SendAsync(owner, convoy);
        again.ShouldSucceed();
        again.Value.Id.ShouldBe(first.Value.Id);
        again.Value.Beads.Select(bead => bead.Id).ShouldBe(first.Value.Beads.Select(bead => bead.Id));
        (await _app.SendAsync(owner, new ListConvoysQuery(town.Id))).Value.ShouldHaveSingleItem();
        (await BeadsAsync(_app, rig.Id)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_users_key_a_failed_first_request_and_an_expired_key_do_not_count()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var (other, otherTown, _) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(owner, new SendMessageCommand(town.Id, "hello", null, "same"))).ShouldSucceed();
        (await _app.SendAsync(other, new SendMessageCommand(otherTown.Id, "hello", null, "same"))).ShouldSucceed();

        // A refused first request (its rig named wrong) gives the key back: the corrected retry creates.
        (await _app.SendAsync(owner, new CreateConvoyCommand(town.Id, "P", [new ConvoyTask("nowhere", "A")], RequestId: "fixed"))).ShouldBeInvalidOn("tasks[0].rig");
        (await _app.SendAsync(owner, new CreateConvoyCommand(town.Id, "P", [new ConvoyTask(rig.Name, "A")], RequestId: "fixed"))).ShouldSucceed();

        var first = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Old", null, null, RequestId: "old"));
        _app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var later = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Old", null, null, RequestId: "old"));
        later.Value.Bead.Id.ShouldNotBe(first.Value.Bead.Id);
    }
}

public sealed class SqliteIdempotencyTests() : IdempotencyTests(TestStorage.Sqlite);

public sealed class PostgresIdempotencyTests(PostgresFixture postgres) : IdempotencyTests(TestStorage.Postgres(postgres));
