using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Beads;
using Gastown.Application.Beads.HoldBead;
using Gastown.Application.Beads.ListBeads;
using Gastown.Application.Beads.ReleaseBead;
using Gastown.Application.Beads.RetryBead;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Beads.UpdateBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Dependencies;

/// <summary>
/// Dependencies and holds on any bead (issue 23, decision 0025), on the fake clock with the in-memory container: a
/// blocked or held bead is never dispatched, a merge releases its dependents at once (their rigs' alarms armed for
/// now, in every rig of the town), a failed blocker keeps them blocked, and a cycle or a stranger's bead is refused
/// with nothing written.
/// </summary>
public abstract class DependencyTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:MaxPolecatsPerRig"] = "3",
    }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<SlingResponse> SlingAsync(Actor owner, RigResponse rig, string title, params Guid[] dependsOn)
    {
        var slung = await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, title, null, null, dependsOn.Length == 0 ? null : dependsOn));
        slung.ShouldSucceed();
        return slung.Value;
    }

    private async Task<IReadOnlyList<BeadResponse>> ListAsync(Actor owner, Guid rigId)
    {
        var page = await _app.SendAsync(owner, new ListBeadsQuery(rigId, null, 50, null));
        page.ShouldSucceed();
        return page.Value.Items;
    }

    /// <summary>The blocker's polecat says done and the rig's tick merges it.</summary>
    private async Task MergeAsync(SlungPolecat blocker)
    {
        var generation = (await _app.GetAgentAsync(blocker.Rig.Id, blocker.Agent.Id)).Generation;
        (await _app.SendAsync(blocker.Session(generation), new DoneCommand(blocker.Agent.Id, null, "Done."))).ShouldSucceed();
        _app.Container.QueueMerge("c0ffee1234");
        (await _app.TickAsync(blocker.Rig.Id)).Merged.ShouldBe(1);
    }

    private Task<DateTimeOffset?> AlarmAsync(Guid storeId) => _app.ReadLedgerAsync(storeId, ledger => ledger.Alarm.GetAsync(AppHarness.Ct));

    [Fact]
    public async Task A_dependent_waits_out_of_the_queue_until_its_blocker_merges_then_is_dispatched_at_once_in_another_rig_too()
    {
        var a = await _app.SlingToNewPolecatAsync("A: add the API");
        var web = await _app.CreateRigAsync(a.Owner, a.Town.Id, "web");
        var b = await SlingAsync(a.Owner, a.Rig, "B: use it", a.Bead.Id);
        var c = await SlingAsync(a.Owner, web, "C: show it", a.Bead.Id);

        // Blocked: not hooked, not queued, shown with the blocker and its status.
        b.Agent.ShouldBeNull();
        b.Bead.DependsOn.ShouldBe([a.Bead.Id]);
        b.Bead.BlockedBy.ShouldBe([a.Bead.Id]);
        b.Bead.Blockers.ShouldNotBeNull().ShouldHaveSingleItem().ShouldBe(new BlockerResponse(a.Bead.Id, a.Rig.Id, "in_progress"));
        c.Bead.BlockedBy.ShouldBe([a.Bead.Id]);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).OpenBlockers.ShouldBe(1);

        // Ticks of both rigs dispatch nothing of theirs.
        (await _app.TickAsync(web.Id)).Dispatched.ShouldBe(0);
        var first = await _app.TickAsync(a.Rig.Id);
        first.Assigned.ShouldBe(0);
        (await _app.GetBeadAsync(web.Id, c.Bead.Id)).AssigneeAgentId.ShouldBeNull();

        // A merges: in the same tick B and C are released, both rigs armed for now.
        await MergeAsync(a);
        var now = _app.Clock.GetUtcNow();
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).OpenBlockers.ShouldBe(0);
        (await _app.GetBeadAsync(web.Id, c.Bead.Id)).OpenBlockers.ShouldBe(0);
        (await AlarmAsync(a.Rig.Id)).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(now);
        (await AlarmAsync(web.Id)).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(now);

        // The next tick of each rig hooks and dispatches them.
        (await _app.TickAsync(a.Rig.Id)).Dispatched.ShouldBe(1);
        (await _app.TickAsync(web.Id)).Dispatched.ShouldBe(1);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);
        (await _app.GetBeadAsync(web.Id, c.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);

        var listed = (await ListAsync(a.Owner, a.Rig.Id)).Single(bead => bead.Id == b.Bead.Id);
        listed.DependsOn.ShouldBe([a.Bead.Id]);
        listed.BlockedBy.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_blocker_keeps_its_dependents_blocked_with_its_status_and_a_retry_then_merge_releases_them()
    {
        var a = await _app.SlingToNewPolecatAsync("A");
        var b = await SlingAsync(a.Owner, a.Rig, "B", a.Bead.Id);

        // A's merge conflicts: A is reopened and escalated, its dependent stays blocked.
        (await _app.SendAsync(a.Session(), new DoneCommand(a.Agent.Id, null, null))).ShouldSucceed();
        _app.Container.QueueMerge(Result<string>.Conflict("README.md conflicts."));
        (await _app.TickAsync(a.Rig.Id)).MergeFailed.ShouldBe(1);
        await _app.TickAsync(a.Rig.Id);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).AssigneeAgentId.ShouldBeNull();
        var listed = (await ListAsync(a.Owner, a.Rig.Id)).Single(bead => bead.Id == b.Bead.Id);
        listed.BlockedBy.ShouldBe([a.Bead.Id]);
        listed.Blockers.ShouldNotBeNull().ShouldHaveSingleItem().Status.ShouldBe("escalated");

        // A person retries A: it is worked again; B still waits for A's merge.
        (await _app.SendAsync(a.Owner, new RetryBeadCommand(a.Rig.Id, a.Bead.Id))).ShouldSucceed();
        var retried = await _app.TickAsync(a.Rig.Id);
        retried.Dispatched.ShouldBe(1);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).AssigneeAgentId.ShouldBeNull();
        var again = await _app.GetBeadAsync(a.Rig.Id, a.Bead.Id);
        var agent = again.AssigneeAgentId.ShouldNotBeNull();
        var generation = (await _app.GetAgentAsync(a.Rig.Id, agent)).Generation;
        (await _app.SendAsync(Support.AgentPlane.SessionOf(a.Rig.Id, a.Town.Id, a.Owner.UserId!.Value, agent, generation), new DoneCommand(agent, null, null)))
            .ShouldSucceed();
        _app.Container.QueueMerge("beef5678");
        (await _app.TickAsync(a.Rig.Id)).Merged.ShouldBe(1);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).OpenBlockers.ShouldBe(0);
        (await _app.TickAsync(a.Rig.Id)).Dispatched.ShouldBe(1);
        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);
    }

    [Fact]
    public async Task A_held_bead_is_never_dispatched_until_released()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var slung = await SlingAsync(owner, rig, "Hold me");
        slung.Agent.ShouldNotBeNull(); // hooked at once

        var held = await _app.SendAsync(owner, new HoldBeadCommand(rig.Id, slung.Bead.Id));
        held.ShouldSucceed();
        held.Value.Held.ShouldBeTrue();

        // Hooked before the hold: its polecat lets go at dispatch instead of starting it.
        var tick = await _app.TickAsync(rig.Id);
        tick.Dispatched.ShouldBe(0);
        _app.Container.Launches.ShouldBeEmpty();
        (await _app.GetBeadAsync(rig.Id, slung.Bead.Id)).AssigneeAgentId.ShouldBeNull();
        (await _app.TickAsync(rig.Id)).Assigned.ShouldBe(0);

        var released = await _app.SendAsync(owner, new ReleaseBeadCommand(rig.Id, slung.Bead.Id));
        released.ShouldSucceed();
        released.Value.Held.ShouldBeFalse();
        (await AlarmAsync(rig.Id)).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow());
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);
        (await _app.GetEventsAsync(rig.Id, slung.Bead.Id)).Select(e => e.Type).ShouldContain(BeadEventType.Held);
        (await _app.GetEventsAsync(rig.Id, slung.Bead.Id)).Select(e => e.Type).ShouldContain(BeadEventType.Released);
    }

    [Fact]
    public async Task A_cycle_is_refused_naming_dependsOn_and_nothing_changes()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var a = await SlingAsync(owner, rig, "A");
        var b = await SlingAsync(owner, rig, "B", a.Bead.Id);
        var c = await SlingAsync(owner, rig, "C", b.Bead.Id);
        var before = await _app.SnapshotAsync(rig.Id);

        (await _app.SendAsync(owner, new UpdateBeadCommand(rig.Id, a.Bead.Id, Title: "A renamed", DependsOn: [c.Bead.Id]))).ShouldBeInvalidOn("dependsOn");
        (await _app.SendAsync(owner, new UpdateBeadCommand(rig.Id, a.Bead.Id, DependsOn: [a.Bead.Id]))).ShouldBeInvalidOn("dependsOn");
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "D", null, null, [a.Bead.Id, a.Bead.Id]))).ShouldBeInvalidOn("dependsOn");

        (await _app.SnapshotAsync(rig.Id)).ShouldBe(before);
        var listed = await ListAsync(owner, rig.Id);
        listed.Single(bead => bead.Id == a.Bead.Id).DependsOn.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_towns_bead_is_not_found_and_nothing_is_written()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var stranger = await _app.SlingToNewPolecatAsync("Theirs");
        var before = await _app.SnapshotAsync(rig.Id);

        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Mine", null, null, [stranger.Bead.Id]))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Mine", null, null, [Guid.NewGuid()]))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.SnapshotAsync(rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Patch_replaces_the_blockers_and_an_empty_list_clears_them()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();
        var api = await _app.CreateRigAsync(owner, town.Id, "api");
        var a = await SlingAsync(owner, api, "A");
        var b = await SlingAsync(owner, rig, "B");
        (await _app.SendAsync(owner, new HoldBeadCommand(rig.Id, b.Bead.Id))).ShouldSucceed();
        await _app.TickAsync(rig.Id); // B's polecat lets go of it

        var blocked = await _app.SendAsync(owner, new UpdateBeadCommand(rig.Id, b.Bead.Id, DependsOn: [a.Bead.Id]));
        blocked.ShouldSucceed();
        blocked.Value.DependsOn.ShouldBe([a.Bead.Id]);
        blocked.Value.BlockedBy.ShouldBe([a.Bead.Id]);
        (await _app.SendAsync(owner, new ReleaseBeadCommand(rig.Id, b.Bead.Id))).ShouldSucceed();
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(0);

        var cleared = await _app.SendAsync(owner, new UpdateBeadCommand(rig.Id, b.Bead.Id, DependsOn: []));
        cleared.ShouldSucceed();
        cleared.Value.DependsOn.ShouldBeEmpty();
        cleared.Value.BlockedBy.ShouldBeEmpty();
        (await _app.GetBeadAsync(rig.Id, b.Bead.Id)).OpenBlockers.ShouldBe(0);
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);
        (await _app.GetEventsAsync(rig.Id, b.Bead.Id)).Count(e => e.Type == BeadEventType.DependenciesChanged).ShouldBe(2);
    }

    [Fact]
    public async Task A_blocker_already_merged_does_not_block()
    {
        var a = await _app.SlingToNewPolecatAsync("A");
        await MergeAsync(a);
        var b = await SlingAsync(a.Owner, a.Rig, "B", a.Bead.Id);
        b.Bead.DependsOn.ShouldBe([a.Bead.Id]);
        b.Bead.BlockedBy.ShouldBeEmpty();
        b.Agent.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_count_left_unknown_by_a_crash_is_recounted_by_the_tick()
    {
        var a = await _app.SlingToNewPolecatAsync("A");
        var b = await SlingAsync(a.Owner, a.Rig, "B", a.Bead.Id);
        // As if the server died between marking B's count unknown and recounting it.
        await _app.WriteLedgerAsync(a.Rig.Id, ledger => ledger.Beads.SetOpenBlockersAsync(b.Bead.Id, -1, AppHarness.Ct));
        (await _app.ReadLedgerAsync(a.Rig.Id, ledger => ledger.GetActivityAsync(AppHarness.Ct))).DependencyWork.ShouldBe(1);

        await _app.TickAsync(a.Rig.Id);

        (await _app.GetBeadAsync(a.Rig.Id, b.Bead.Id)).OpenBlockers.ShouldBe(1);
    }
}

public sealed class SqliteDependencyTests() : DependencyTests(TestStorage.Sqlite);

public sealed class PostgresDependencyTests(PostgresFixture postgres) : DependencyTests(TestStorage.Postgres(postgres));
