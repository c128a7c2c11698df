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
public abstract class ConvoyTests(TestStorage storage) : ConvoyTestBase(storage)
{
    /// <summary>A, B, D in api; C in web (by id); B and C after A; D after B and C.</summary>
    private CreateConvoyCommand Diamond(bool staged = false) => new(Town.Town.Id, "Greeting feature",
    [
        new ConvoyTask("api", "A: greeting API"),
        new ConvoyTask("api", "B: greeting tests", DependsOn: [0]),
        new ConvoyTask(WebRig.Id.ToString(), "C: greeting page", DependsOn: [0]),
        new ConvoyTask("api", "D: release notes", DependsOn: [1, 2]),
    ], Staged: staged);

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
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        (await App.TickAsync(WebRig.Id)).Dispatched.ShouldBe(0);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == a).Agent.ShouldNotBeNull();

        // A merges: B (same rig) and C (other rig) are dispatched on their rigs' next ticks; D still waits.
        await MergeAsync(ApiRig.Id, a);
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        (await App.TickAsync(WebRig.Id)).Dispatched.ShouldBe(1);
        (await App.GetBeadAsync(ApiRig.Id, d)).AssigneeAgentId.ShouldBeNull();

        // B merges: D still waits for C in the other rig.
        await MergeAsync(ApiRig.Id, b);
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(0);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == d).BlockedBy.ShouldBe([c]);

        // C merges in web: D is released in api, whose alarm is armed for now.
        await MergeAsync(WebRig.Id, c);
        var due = await App.ReadLedgerAsync(ApiRig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct));
        due.ShouldNotBeNull().ShouldBeLessThanOrEqualTo(App.Clock.GetUtcNow());
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");

        await MergeAsync(ApiRig.Id, d);
        var landed = await GetAsync(convoy.Id);
        (landed.Status, landed.Closed, landed.Total).ShouldBe(("landed", 4, 4));
        landed.LandedAt.ShouldNotBeNull();

        // Later ticks (and racing evaluations) land it no second time.
        await App.TickAsync(ApiRig.Id);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConvoyTracker>().EvaluateAsync(convoy.Id, AppHarness.Ct);
        }));
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landed"]);
        (await MayorMailAsync()).Count(mail => mail.Subject == "Convoy landed: Greeting feature").ShouldBe(1);

        var listed = await App.SendAsync(Owner, new ListConvoysQuery(Town.Town.Id, "landed"));
        listed.ShouldSucceed();
        listed.Value.ShouldHaveSingleItem().Id.ShouldBe(convoy.Id);
        (await App.SendAsync(Owner, new ListConvoysQuery(Town.Town.Id, "active"))).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_tasks_are_refused_naming_the_task_and_nothing_is_written()
    {
        var before = (await App.SnapshotAsync(ApiRig.Id), await App.SnapshotAsync(WebRig.Id));

        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", [new ConvoyTask("api", "A"), new ConvoyTask("api", "B", DependsOn: [5])])))
            .ShouldBeInvalidOn("tasks[1].dependsOn");
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", [new ConvoyTask("api", "A", DependsOn: [0])])))
            .ShouldBeInvalidOn("tasks[0].dependsOn");
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X",
            [new ConvoyTask("api", "A", DependsOn: [2]), new ConvoyTask("api", "B", DependsOn: [0]), new ConvoyTask("web", "C", DependsOn: [1])])))
            .ShouldBeInvalidOn("tasks[0].dependsOn");
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", [new ConvoyTask("api", "A"), new ConvoyTask("nowhere", "B")])))
            .ShouldBeInvalidOn("tasks[1].rig");
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", [new ConvoyTask("api", "")]))).ShouldBeInvalidOn("tasks[0].title");
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", []))).ShouldBeInvalidOn("tasks");

        (await App.SnapshotAsync(ApiRig.Id), await App.SnapshotAsync(WebRig.Id)).ShouldBe(before);
        (await App.SendAsync(Owner, new ListConvoysQuery(Town.Town.Id))).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_staged_convoy_dispatches_nothing_until_started_and_starts_once()
    {
        var convoy = await CreateAsync(Diamond(staged: true));
        (convoy.Status, convoy.Staged).ShouldBe(("staged", true));
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(0);
        App.Container.Launches.ShouldBeEmpty();

        var started = await App.SendAsync(Owner, new StartConvoyCommand(Town.Town.Id, convoy.Id));
        started.ShouldSucceed();
        started.Value.Status.ShouldBe("active");
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);

        (await App.SendAsync(Owner, new StartConvoyCommand(Town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_started"]);
    }

    [Fact]
    public async Task Closing_cancels_the_open_beads_and_stops_their_agents()
    {
        var convoy = await CreateAsync(Diamond());
        await App.TickAsync(ApiRig.Id);
        var a = Bead(convoy, "A");
        var agent = (await App.GetBeadAsync(ApiRig.Id, a)).AssigneeAgentId.ShouldNotBeNull();

        var closed = await App.SendAsync(Owner, new CloseConvoyCommand(Town.Town.Id, convoy.Id));
        closed.ShouldSucceed();
        closed.Value.Status.ShouldBe("closed");
        closed.Value.Beads.ShouldAllBe(bead => bead.Status == "cancelled");
        App.Container.Stops.ShouldContain(agent);
        (await App.SendAsync(Owner, new CloseConvoyCommand(Town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_closed"]);
    }

    [Fact]
    public async Task A_failed_bead_blocks_the_convoy_with_one_mail_until_it_is_retried_and_merged()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "Two steps", [new ConvoyTask("api", "A"), new ConvoyTask("web", "B", DependsOn: [0])]));
        var (a, b) = (Bead(convoy, "A"), Bead(convoy, "B"));
        await App.TickAsync(ApiRig.Id);
        var bead = await App.GetBeadAsync(ApiRig.Id, a);
        var agent = await App.GetAgentAsync(ApiRig.Id, bead.AssigneeAgentId!.Value);
        (await App.SendAsync(AgentPlane.SessionOf(ApiRig.Id, Town.Town.Id, Owner.UserId!.Value, agent.Id, agent.Generation), new DoneCommand(agent.Id, null, null)))
            .ShouldSucceed();
        App.Container.QueueMerge(Result<string>.Conflict("README.md conflicts."));
        await App.TickAsync(ApiRig.Id);
        await App.TickAsync(ApiRig.Id);

        var blocked = await GetAsync(convoy.Id);
        (blocked.Status, blocked.Failed).ShouldBe(("blocked", 1));
        blocked.Beads.Single(x => x.Id == a).Escalated.ShouldBeTrue();
        blocked.Beads.Single(x => x.Id == b).BlockedBy.ShouldBe([a]);
        (await App.TickAsync(WebRig.Id)).Dispatched.ShouldBe(0);
        (await MayorMailAsync()).Count(mail => mail.Subject == "Convoy blocked: Two steps").ShouldBe(1);

        (await App.SendAsync(Owner, new RetryBeadCommand(ApiRig.Id, a))).ShouldSucceed();
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");
        await MergeAsync(ApiRig.Id, a);
        (await App.TickAsync(WebRig.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(WebRig.Id, b);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landed");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_blocked", "convoy_landed"]);
    }

    [Fact]
    public async Task A_bead_can_be_added_with_blockers_and_removed()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "One", [new ConvoyTask("api", "A")], Staged: true));
        var a = Bead(convoy, "A");
        var loose = await App.SlingAsync(Owner, Town.Town, WebRig, "Loose");

        var added = await App.SendAsync(Owner, new AddConvoyBeadCommand(Town.Town.Id, convoy.Id, loose.Bead.Id, [a]));
        added.ShouldSucceed();
        added.Value.Total.ShouldBe(2);
        added.Value.Beads.Single(bead => bead.Id == loose.Bead.Id).BlockedBy.ShouldBe([a]);
        (await App.GetBeadAsync(WebRig.Id, loose.Bead.Id)).ConvoyId.ShouldBe(convoy.Id);
        (await App.SendAsync(Owner, new AddConvoyBeadCommand(Town.Town.Id, convoy.Id, loose.Bead.Id))).ShouldHaveStatus(ResultStatus.Conflict);
        (await App.SendAsync(Owner, new AddConvoyBeadCommand(Town.Town.Id, convoy.Id, a, [loose.Bead.Id]))).ShouldHaveStatus(ResultStatus.Conflict);

        var removed = await App.SendAsync(Owner, new RemoveConvoyBeadCommand(Town.Town.Id, convoy.Id, loose.Bead.Id));
        removed.ShouldSucceed();
        removed.Value.Total.ShouldBe(1);
        (await App.GetBeadAsync(WebRig.Id, loose.Bead.Id)).ConvoyId.ShouldBeNull();
        (await App.SendAsync(Owner, new RemoveConvoyBeadCommand(Town.Town.Id, convoy.Id, loose.Bead.Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Another_towns_convoy_is_not_found()
    {
        var convoy = await CreateAsync(Diamond());
        var stranger = await App.CreateUserAsync();
        var theirs = await App.CreateTownAsync(stranger);

        (await App.SendAsync(stranger, new GetConvoyQuery(Town.Town.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await App.SendAsync(stranger, new GetConvoyQuery(theirs.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await App.SendAsync(stranger, new CloseConvoyCommand(theirs.Id, convoy.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        (await GetAsync(convoy.Id)).Status.ShouldBe("active");
    }

    [Fact]
    public async Task A_creation_left_half_done_by_a_crash_is_rolled_back_by_recovery()
    {
        // As if the server died after writing the convoy and one rig's beads, before the convoy left "creating".
        var now = App.Clock.GetUtcNow();
        var convoy = new Convoy(Guid.NewGuid(), Town.Town.Id, "Half", ConvoyMode.Direct, ConvoyStatus.Creating, false, now, now);
        var bead = Domain.Beads.Bead.New(BeadType.Issue, "Half-written", null, now) with { Hold = BeadHold.Convoy, ConvoyId = convoy.Id };
        await App.Services.GetRequiredService<IConvoyStore>().InsertAsync(convoy, [new ConvoyBead(convoy.Id, bead.Id, ApiRig.Id, 0)], AppHarness.Ct);
        await App.InsertBeadsAsync(ApiRig.Id, bead);

        // Invisible meanwhile: not listed, not dispatched.
        (await App.SendAsync(Owner, new ListConvoysQuery(Town.Town.Id))).Value.ShouldBeEmpty();
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(0);
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).Value.ShouldBe(0); // still within its grace

        App.Clock.Advance(ConvoyTracker.CreationGrace + TimeSpan.FromSeconds(1));
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).Value.ShouldBe(1);
        (await App.Services.GetRequiredService<IConvoyStore>().GetAsync(convoy.Id, AppHarness.Ct)).ShouldBeNull();
        (await App.ReadLedgerAsync(ApiRig.Id, ledger => ledger.Beads.GetAsync(bead.Id, AppHarness.Ct))).ShouldBeNull();
    }

    [Fact]
    public async Task Recovery_prunes_a_propagated_closure_once_its_retention_is_over_and_no_edge_waits_on_it()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "Pair", [new ConvoyTask("api", "A: first"), new ConvoyTask("web", "B: after A", DependsOn: [0])]));
        var (a, b) = (Bead(convoy, "A"), Bead(convoy, "B"));
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(ApiRig.Id, a);
        (await GetAsync(convoy.Id)).Beads.Single(bead => bead.Id == b).BlockedBy.ShouldBeEmpty();
        var graph = App.Services.GetRequiredService<IDependencyGraph>();

        // An edge written from a status read before A's closure (Closed: false) starts released: the closure is kept.
        BlockerSet Stale(Guid dependent) => new(new BeadNode(dependent, WebRig.Id), [new BlockerRef(a, ApiRig.Id, Closed: false)]);
        var early = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(Town.Town.Id, [Stale(early)], App.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([early], AppHarness.Ct)).Single().BlockerClosed.ShouldBeTrue();
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).ShouldSucceed();
        var kept = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(Town.Town.Id, [Stale(kept)], App.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([kept], AppHarness.Ct)).Single().BlockerClosed.ShouldBeTrue("within its retention the closure is kept");

        // Past the retention, recovery forgets it (no edge waits on A: all are released); the edges keep their state.
        App.Clock.Advance(ConvoyTracker.ClosureRetention + TimeSpan.FromSeconds(1));
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).ShouldSucceed();
        var late = Guid.NewGuid();
        (await graph.TrySetBlockersAsync(Town.Town.Id, [Stale(late)], App.Clock.GetUtcNow(), AppHarness.Ct)).ShouldBeNull();
        (await graph.ListBlockersAsync([late], AppHarness.Ct)).Single().BlockerClosed.ShouldBeFalse("the closure was pruned");
        (await graph.ListBlockersAsync([b, early, kept], AppHarness.Ct)).ShouldAllBe(edge => edge.BlockerClosed);
        (await graph.CountOpenBlockersAsync(b, AppHarness.Ct)).ShouldBe(0);
    }
}

public sealed class SqliteConvoyTests() : ConvoyTests(TestStorage.Sqlite);

public sealed class PostgresConvoyTests(PostgresFixture postgres) : ConvoyTests(TestStorage.Postgres(postgres));
