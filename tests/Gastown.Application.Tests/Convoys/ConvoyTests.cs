using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Beads.RetryBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Convoys;
using Gastown.Application.Convoys.AddConvoyBead;
using Gastown.Application.Convoys.CloseConvoy;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Convoys.ListConvoys;
using Gastown.Application.Convoys.RecoverConvoys;
using Gastown.Application.Convoys.RemoveConvoyBead;
using Gastown.Application.Convoys.StartConvoy;
using Gastown.Application.Dispatch;
using Gastown.Application.Rigs;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Application.Towns.GetTownEvents;
using Gastown.Domain.Beads;
using Gastown.Domain.Convoys;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Convoys;

/// <summary>
/// Convoys in direct mode (issue 23, decision 0025) on the fake clock with the in-memory container: a diamond across
/// two rigs runs in order and lands once; validation writes nothing; staged, start, close, add, remove; a failed bead
/// blocks the convoy (one mail to the mayor) until retried and merged; a creation left half done is rolled back.
/// </summary>
public abstract class ConvoyTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:MaxPolecatsPerRig"] = "3",
    }, storage: storage);

    private TownMayor _town = null!;
    private RigResponse _api = null!;
    private RigResponse _web = null!;

    public async ValueTask InitializeAsync()
    {
        _town = await _app.CreateTownWithMayorAsync();
        _api = await _app.CreateRigAsync(_town.Owner, _town.Town.Id, "api");
        _web = await _app.CreateRigAsync(_town.Owner, _town.Town.Id, "web");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Actor Owner => _town.Owner;

    /// <summary>A, B, D in api; C in web (by id); B and C after A; D after B and C.</summary>
    private CreateConvoy Diamond(bool staged = false) => new(_town.Town.Id, "Greeting feature",
    [
        new ConvoyTask("api", "A: greeting API"),
        new ConvoyTask("api", "B: greeting tests", DependsOn: [0]),
        new ConvoyTask(_web.Id.ToString(), "C: greeting page", DependsOn: [0]),
        new ConvoyTask("api", "D: release notes", DependsOn: [1, 2]),
    ], Staged: staged);

    private async Task<ConvoyDetailResponse> CreateAsync(CreateConvoy command)
    {
        var created = await _app.SendAsync(Owner, command);
        created.ShouldSucceed();
        created.Status.ShouldBe(ResultStatus.Created);
        return created.Value;
    }

    private async Task<ConvoyDetailResponse> GetAsync(Guid convoyId)
    {
        var got = await _app.SendAsync(Owner, new GetConvoy(_town.Town.Id, convoyId));
        got.ShouldSucceed();
        return got.Value;
    }

    /// <summary>The bead's polecat says done (current generation), and its rig's tick merges it.</summary>
    private async Task MergeAsync(Guid rigId, Guid beadId)
    {
        var bead = await _app.GetBeadAsync(rigId, beadId);
        var agentId = bead.AssigneeAgentId.ShouldNotBeNull($"{bead.Title} has no agent");
        var agent = await _app.GetAgentAsync(rigId, agentId);
        (await _app.SendAsync(AgentPlane.SessionOf(rigId, _town.Town.Id, Owner.UserId!.Value, agentId, agent.Generation), new Done(agentId, null, null)))
            .ShouldSucceed();
        _app.Container.QueueMerge("c0ffee" + beadId.ToString("N")[..6]);
        (await _app.TickAsync(rigId)).Merged.ShouldBe(1);
    }

    private async Task<IReadOnlyList<string>> FeedAsync()
    {
        var feed = await _app.SendAsync(Owner, new GetTownEvents(_town.Town.Id));
        feed.ShouldSucceed();
        return [.. feed.Value.Where(e => e.ConvoyId is not null).Select(e => e.Type).Reverse()];
    }

    private Task<IReadOnlyList<Domain.Mail.MailMessage>> MayorMailAsync() =>
        _app.ReadLedgerAsync(_town.Town.Id, ledger => ledger.Mail.ListUndeliveredAsync(_town.Mayor.Id, AppHarness.Ct));

    private Guid Bead(ConvoyDetailResponse convoy, string prefix) => convoy.Beads.Single(bead => bead.Title.StartsWith(prefix, StringComparison.Ordinal)).Id;

    [Fact]
    public async Task A_diamond_across_two_rigs_runs_in_order_and_lands_once()
    {
        var convoy = await CreateAsync(Diamond());
        (convoy.Status, convoy.Mode, convoy.Total, convoy.Closed, convoy.Failed).ShouldBe(("active", "direct", 4, 0, 0));
        var (a, b, c, d) = (Bead(convoy, "A"), Bead(convoy, "B"), Bead(convoy, "C"), Bead(convoy, "D"));
        convoy.Beads.Single(bead => bead.Id == c).RigName.ShouldBe("web");
        convoy.Edges.Select(edge => (edge.BeadId, edge.DependsOn)).ShouldBe([(b, a), (c, a), (d, b), (d, c)], ignoreOrder: true);
        convoy.Beads.Single(bead => bead.Id == d).BlockedBy.ShouldBe([b, c], ignoreOrder: true);

        // Only A is dispatched.
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        (await _app.TickAsync(_web.Id)).Dispatched.ShouldBe(0);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == a).Agent.ShouldNotBeNull();

        // A merges: B (same rig) and C (other rig) are dispatched on their rigs' next ticks; D still waits.
        await MergeAsync(_api.Id, a);
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        (await _app.TickAsync(_web.Id)).Dispatched.ShouldBe(1);
        (await _app.GetBeadAsync(_api.Id, d)).AssigneeAgentId.ShouldBeNull();

        // B merges: D still waits for C in the other rig.
        await MergeAsync(_api.Id, b);
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(0);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == d).BlockedBy.ShouldBe([c]);

        // C merges in web: D is released in api, whose alarm is armed for now.
        await MergeAsync(_web.Id, c);
        var due = await _app.ReadLedgerAsync(_api.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct));
        due.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow());
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");

        await MergeAsync(_api.Id, d);
        var landed = await GetAsync(convoy.Id);
        (landed.Status, landed.Closed, landed.Total).ShouldBe(("landed", 4, 4));
        landed.LandedAt.ShouldNotBeNull();

        // Later ticks (and racing evaluations) land it no second time.
        await _app.TickAsync(_api.Id);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConvoyTracker>().EvaluateAsync(convoy.Id, AppHarness.Ct);
        }));
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landed"]);
        (await MayorMailAsync()).Count(mail => mail.Subject == "Convoy landed: Greeting feature").ShouldBe(1);

        var listed = await _app.SendAsync(Owner, new ListConvoys(_town.Town.Id, "landed"));
        listed.ShouldSucceed();
        listed.Value.ShouldHaveSingleItem().Id.ShouldBe(convoy.Id);
        (await _app.SendAsync(Owner, new ListConvoys(_town.Town.Id, "active"))).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_tasks_are_refused_naming_the_task_and_nothing_is_written()
    {
        var before = (await _app.SnapshotAsync(_api.Id), await _app.SnapshotAsync(_web.Id));

        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", [new ConvoyTask("api", "A"), new ConvoyTask("api", "B", DependsOn: [5])])))
            .ShouldBeInvalidOn("tasks[1].dependsOn");
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", [new ConvoyTask("api", "A", DependsOn: [0])])))
            .ShouldBeInvalidOn("tasks[0].dependsOn");
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X",
            [new ConvoyTask("api", "A", DependsOn: [2]), new ConvoyTask("api", "B", DependsOn: [0]), new ConvoyTask("web", "C", DependsOn: [1])])))
            .ShouldBeInvalidOn("tasks[0].dependsOn");
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", [new ConvoyTask("api", "A"), new ConvoyTask("nowhere", "B")])))
            .ShouldBeInvalidOn("tasks[1].rig");
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", [new ConvoyTask("api", "")]))).ShouldBeInvalidOn("tasks[0].title");
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", []))).ShouldBeInvalidOn("tasks");

        (await _app.SnapshotAsync(_api.Id), await _app.SnapshotAsync(_web.Id)).ShouldBe(before);
        (await _app.SendAsync(Owner, new ListConvoys(_town.Town.Id))).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_staged_convoy_dispatches_nothing_until_started_and_starts_once()
    {
        var convoy = await CreateAsync(Diamond(staged: true));
        (convoy.Status, convoy.Staged).ShouldBe(("staged", true));
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(0);
        _app.Container.Launches.ShouldBeEmpty();

        var started = await _app.SendAsync(Owner, new StartConvoy(_town.Town.Id, convoy.Id));
        started.ShouldSucceed();
        started.Value.Status.ShouldBe("active");
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);

        (await _app.SendAsync(Owner, new StartConvoy(_town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_started"]);
    }

    [Fact]
    public async Task Closing_cancels_the_open_beads_and_stops_their_agents()
    {
        var convoy = await CreateAsync(Diamond());
        await _app.TickAsync(_api.Id);
        var a = Bead(convoy, "A");
        var agent = (await _app.GetBeadAsync(_api.Id, a)).AssigneeAgentId.ShouldNotBeNull();

        var closed = await _app.SendAsync(Owner, new CloseConvoy(_town.Town.Id, convoy.Id));
        closed.ShouldSucceed();
        closed.Value.Status.ShouldBe("closed");
        closed.Value.Beads.ShouldAllBe(bead => bead.Status == "cancelled");
        _app.Container.Stops.ShouldContain(agent);
        (await _app.SendAsync(Owner, new CloseConvoy(_town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_closed"]);
    }

    [Fact]
    public async Task A_failed_bead_blocks_the_convoy_with_one_mail_until_it_is_retried_and_merged()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "Two steps", [new ConvoyTask("api", "A"), new ConvoyTask("web", "B", DependsOn: [0])]));
        var (a, b) = (Bead(convoy, "A"), Bead(convoy, "B"));
        await _app.TickAsync(_api.Id);
        var bead = await _app.GetBeadAsync(_api.Id, a);
        var agent = await _app.GetAgentAsync(_api.Id, bead.AssigneeAgentId!.Value);
        (await _app.SendAsync(AgentPlane.SessionOf(_api.Id, _town.Town.Id, Owner.UserId!.Value, agent.Id, agent.Generation), new Done(agent.Id, null, null)))
            .ShouldSucceed();
        _app.Container.QueueMerge(Result<string>.Conflict("README.md conflicts."));
        await _app.TickAsync(_api.Id);
        await _app.TickAsync(_api.Id);

        var blocked = await GetAsync(convoy.Id);
        (blocked.Status, blocked.Failed).ShouldBe(("blocked", 1));
        blocked.Beads.Single(x => x.Id == a).Escalated.ShouldBeTrue();
        blocked.Beads.Single(x => x.Id == b).BlockedBy.ShouldBe([a]);
        (await _app.TickAsync(_web.Id)).Dispatched.ShouldBe(0);
        (await MayorMailAsync()).Count(mail => mail.Subject == "Convoy blocked: Two steps").ShouldBe(1);

        (await _app.SendAsync(Owner, new RetryBead(_api.Id, a))).ShouldSucceed();
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");
        await MergeAsync(_api.Id, a);
        (await _app.TickAsync(_web.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(_web.Id, b);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landed");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_blocked", "convoy_landed"]);
    }

    [Fact]
    public async Task A_bead_can_be_added_with_blockers_and_removed()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "One", [new ConvoyTask("api", "A")], Staged: true));
        var a = Bead(convoy, "A");
        var loose = await _app.SlingAsync(Owner, _town.Town, _web, "Loose");

        var added = await _app.SendAsync(Owner, new AddConvoyBead(_town.Town.Id, convoy.Id, loose.Bead.Id, [a]));
        added.ShouldSucceed();
        added.Value.Total.ShouldBe(2);
        added.Value.Beads.Single(bead => bead.Id == loose.Bead.Id).BlockedBy.ShouldBe([a]);
        (await _app.GetBeadAsync(_web.Id, loose.Bead.Id)).ConvoyId.ShouldBe(convoy.Id);
        (await _app.SendAsync(Owner, new AddConvoyBead(_town.Town.Id, convoy.Id, loose.Bead.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await _app.SendAsync(Owner, new AddConvoyBead(_town.Town.Id, convoy.Id, a, [loose.Bead.Id]))).ShouldHaveStatus(ResultStatus.Conflict);

        var removed = await _app.SendAsync(Owner, new RemoveConvoyBead(_town.Town.Id, convoy.Id, loose.Bead.Id));
        removed.ShouldSucceed();
        removed.Value.Total.ShouldBe(1);
        (await _app.GetBeadAsync(_web.Id, loose.Bead.Id)).ConvoyId.ShouldBeNull();
        (await _app.SendAsync(Owner, new RemoveConvoyBead(_town.Town.Id, convoy.Id, loose.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Another_towns_convoy_is_not_found()
    {
        var convoy = await CreateAsync(Diamond());
        var stranger = await _app.CreateUserAsync();
        var theirs = await _app.CreateTownAsync(stranger);

        (await _app.SendAsync(stranger, new GetConvoy(_town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new GetConvoy(theirs.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new CloseConvoy(theirs.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");
    }

    [Fact]
    public async Task A_creation_left_half_done_by_a_crash_is_rolled_back_by_recovery()
    {
        // As if the server died after writing the convoy and one rig's beads, before the convoy left "creating".
        var now = _app.Clock.GetUtcNow();
        var convoy = new Convoy(Guid.NewGuid(), _town.Town.Id, "Half", ConvoyMode.Direct, ConvoyStatus.Creating, false, now, now);
        var bead = Domain.Beads.Bead.New(BeadType.Issue, "Half-written", null, now) with { Hold = BeadHold.Convoy, ConvoyId = convoy.Id };
        await _app.Services.GetRequiredService<IConvoyStore>().InsertAsync(convoy, [new ConvoyBead(convoy.Id, bead.Id, _api.Id, 0)], AppHarness.Ct);
        await _app.InsertBeadsAsync(_api.Id, bead);

        // Invisible meanwhile: not listed, not dispatched.
        (await _app.SendAsync(Owner, new ListConvoys(_town.Town.Id))).Value.ShouldBeEmpty();
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(0);
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).Value.ShouldBe(0); // still within its grace

        _app.Clock.Advance(ConvoyTracker.CreationGrace + TimeSpan.FromSeconds(1));
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).Value.ShouldBe(1);
        (await _app.Services.GetRequiredService<IConvoyStore>().GetAsync(convoy.Id, AppHarness.Ct)).ShouldBeNull();
        (await _app.ReadLedgerAsync(_api.Id, ledger => ledger.Beads.GetAsync(bead.Id, AppHarness.Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task Recovery_prunes_a_propagated_closure_once_its_retention_is_over_and_no_edge_waits_on_it()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "Pair", [new ConvoyTask("api", "A: first"), new ConvoyTask("web", "B: after A", DependsOn: [0])]));
        var (a, b) = (Bead(convoy, "A"), Bead(convoy, "B"));
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(_api.Id, a);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == b).BlockedBy.ShouldBeEmpty();
        var graph = _app.Services.GetRequiredService<IDependencyGraph>();

        // An edge written from a status read before A's closure (Closed: false) starts released: the closure is kept.
        BlockerSet Stale(Guid dependent) => new(new BeadNode(dependent, _web.Id), [new BlockerRef(a, _api.Id, Closed: false)]);
        var early = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(_town.Town.Id, [Stale(early)], _app.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([early], AppHarness.Ct)).Single().BlockerClosed.ShouldBeTrue();
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).ShouldSucceed();
        var kept = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(_town.Town.Id, [Stale(kept)], _app.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([kept], AppHarness.Ct)).Single().BlockerClosed.ShouldBeTrue("within its retention the closure is kept");

        // Past the retention, recovery forgets it (no edge waits on A: all are released); the edges keep their state.
        _app.Clock.Advance(ConvoyTracker.ClosureRetention + TimeSpan.FromSeconds(1));
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).ShouldSucceed();
        var late = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(_town.Town.Id, [Stale(late)], _app.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([late], AppHarness.Ct)).Single().BlockerClosed.ShouldBeFalse("the closure was pruned");
        (await graph.ListBlockersAsync([b, early, kept], AppHarness.Ct)).ShouldAllBe(edge => edge.BlockerClosed);
        (await graph.CountOpenBlockersAsync(b, AppHarness.Ct)).ShouldBe(0);
    }
}

public sealed class SqliteConvoyTests() : ConvoyTests(TestStorage.Sqlite);

public sealed class PostgresConvoyTests(PostgresFixture postgres) : ConvoyTests(TestStorage.Postgres(postgres));
