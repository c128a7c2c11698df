using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Convoys;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Convoys.RecoverConvoys;
using Gastown.Application.Dispatch;
using Gastown.Application.Reviews.ApproveReview;
using Gastown.Application.Reviews.RejectReview;
using Gastown.Application.Rigs;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Application.Towns.GetTownEvents;
using Gastown.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Convoys;

/// <summary>
/// Convoys in land mode (decision 0029) on the fake clock with the in-memory container: the beads branch from and
/// merge into the convoy's feature branch, never the default branch; once all merged, one landing merge per rig goes
/// through the rig's review, created once and landed once whatever evaluations race; a rejected landing blocks the
/// convoy with one mail to the mayor; an approved one lands it.
/// </summary>
public abstract class ConvoyLandTests(TestStorage storage) : IAsyncLifetime
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

    private async Task<ConvoyDetailResponse> CreateAsync(CreateConvoy command)
    {
        var created = await _app.SendAsync(Owner, command);
        created.ShouldSucceed();
        return created.Value;
    }

    private async Task<ConvoyDetailResponse> GetAsync(Guid convoyId)
    {
        var got = await _app.SendAsync(Owner, new GetConvoy(_town.Town.Id, convoyId));
        got.ShouldSucceed();
        return got.Value;
    }

    /// <summary>The bead's polecat says done (current generation), and its rig's tick merges it (into the feature branch).</summary>
    private async Task MergeAsync(Guid rigId, Guid beadId)
    {
        var bead = await _app.GetBeadAsync(rigId, beadId);
        var agentId = bead.AssigneeAgentId.ShouldNotBeNull($"{bead.Title} has no agent");
        var agent = await _app.GetAgentAsync(rigId, agentId);
        (await _app.SendAsync(AgentPlane.SessionOf(rigId, _town.Town.Id, Owner.UserId!.Value, agentId, agent.Generation), new Done(agentId, null, null)))
            .ShouldSucceed();
        (await _app.TickAsync(rigId)).Merged.ShouldBe(1);
    }

    private async Task<IReadOnlyList<string>> FeedAsync()
    {
        var feed = await _app.SendAsync(Owner, new GetTownEvents(_town.Town.Id));
        feed.ShouldSucceed();
        return [.. feed.Value.Where(e => e.ConvoyId is not null).Select(e => e.Type).Reverse()];
    }

    private async Task<int> MayorMailsAsync(string subject) =>
        (await _app.ReadLedgerAsync(_town.Town.Id, ledger => ledger.Mail.ListUndeliveredAsync(_town.Mayor.Id, AppHarness.Ct)))
        .Count(mail => mail.Subject == subject);

    private Task<IReadOnlyList<ReviewEntry>> ReviewsAsync(Guid rigId) =>
        _app.ReadLedgerAsync(rigId, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct));

    /// <summary>Four evaluations at once, each in its own scope (as racing ticks of different rigs or nodes would).</summary>
    private Task RaceEvaluationsAsync(Guid convoyId) => Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConvoyTracker>().EvaluateAsync(convoyId, AppHarness.Ct);
    }));

    private static Guid Bead(ConvoyDetailResponse convoy, string prefix) => convoy.Beads.Single(bead => bead.Title.StartsWith(prefix, StringComparison.Ordinal)).Id;

    [Fact]
    public async Task Beads_merge_into_the_feature_branches_and_the_landing_merges_land_the_convoy_once()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "Greeting: v2!",
        [
            new ConvoyTask("api", "A: greeting API"),
            new ConvoyTask("web", "C: greeting page", DependsOn: [0]),
            new ConvoyTask("api", "D: release notes", DependsOn: [1]),
        ], Mode: "land"));
        var feature = $"convoy/greeting-v2/{convoy.Id.ToString("N")[..8]}/head";
        (convoy.Status, convoy.Mode, convoy.FeatureBranch).ShouldBe(("active", "land", feature));
        convoy.Landing.ShouldNotBeNull().Select(landing => (landing.RigName, landing.FeatureBranch, landing.ReviewId)).ShouldBe(
            [("api", feature, (Guid?)null), ("web", feature, null)], ignoreOrder: true);
        var (a, c, d) = (Bead(convoy, "A"), Bead(convoy, "C"), Bead(convoy, "D"));

        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(_api.Id, a);
        (await _app.TickAsync(_web.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(_web.Id, c);
        (await _app.TickAsync(_api.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(_api.Id, d);

        // Every polecat branched from the feature branch (created from main), every merge went into it: nothing into main.
        _app.Container.Launches.Count.ShouldBe(3);
        _app.Container.Launches.ShouldAllBe(launch => launch.Repository!.DefaultBranch == feature && launch.Repository.CreateFrom == "main");
        _app.Container.MergeRequests.Count.ShouldBe(3);
        _app.Container.MergeRequests.ShouldAllBe(merge => merge.Repository.DefaultBranch == feature && merge.Repository.CreateFrom == "main");

        // All merged: landing, one landing review per rig (created once, however many evaluations race).
        var landing = await GetAsync(convoy.Id);
        (landing.Status, landing.Closed, landing.LandedAt).ShouldBe(("landing", 3, (DateTimeOffset?)null));
        await RaceEvaluationsAsync(convoy.Id);
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).ShouldSucceed();
        foreach (var rig in new[] { _api.Id, _web.Id })
        {
            var entry = (await ReviewsAsync(rig)).Where(review => review.IsLanding).ShouldHaveSingleItem();
            (entry.Id, entry.Branch, entry.Status).ShouldBe((convoy.Id, feature, ReviewStatus.Pending));
        }
        (await GetAsync(convoy.Id)).Landing!.Select(l => l.ReviewStatus).ShouldBe(["pending", "pending"]);

        // api lands first: still landing until web has landed too.
        (await _app.TickAsync(_api.Id)).Merged.ShouldBe(1);
        var toMain = _app.Container.MergeRequests[^1];
        (toMain.Branch, toMain.Repository.DefaultBranch, toMain.Repository.CreateFrom).ShouldBe((feature, "main", (string?)null));
        (await GetAsync(convoy.Id)).Status.ShouldBe("landing");
        (await _app.TickAsync(_web.Id)).Merged.ShouldBe(1);

        var landed = await GetAsync(convoy.Id);
        (landed.Status, landed.LandedAt is not null).ShouldBe(("landed", true));
        landed.Landing!.ShouldAllBe(l => l.ReviewStatus == "merged" && l.MergeCommit != null);
        _app.Container.MergeRequests.Count(merge => merge.Repository.DefaultBranch == "main").ShouldBe(2);

        // Later ticks, racing evaluations and recovery land it no second time.
        await RaceEvaluationsAsync(convoy.Id);
        await _app.TickAsync(_api.Id);
        await _app.TickAsync(_web.Id);
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).ShouldSucceed();
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_landed"]);
        (await MayorMailsAsync("Convoy landed: Greeting: v2!")).ShouldBe(1);
        _app.Container.MergeRequests.Count(merge => merge.Repository.DefaultBranch == "main").ShouldBe(2);
    }

    [Fact]
    public async Task A_rejected_landing_review_blocks_the_convoy_once_and_nothing_reaches_the_default_branch()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "Solo", [new ConvoyTask("api", "A")], Mode: "land"));
        (await _app.SendAsync(Owner, new UpdateRig(_api.Id, Review: new RigReviewPatch(Mode: "approve")))).ShouldSucceed();
        await _app.TickAsync(_api.Id);
        var a = Bead(convoy, "A");

        // Approve mode for the bead's own merge into the feature branch, as usual.
        var bead = await _app.GetBeadAsync(_api.Id, a);
        var agent = await _app.GetAgentAsync(_api.Id, bead.AssigneeAgentId!.Value);
        (await _app.SendAsync(AgentPlane.SessionOf(_api.Id, _town.Town.Id, Owner.UserId!.Value, agent.Id, agent.Generation), new Done(agent.Id, null, null)))
            .ShouldSucceed();
        await _app.TickAsync(_api.Id);
        var beadReview = (await ReviewsAsync(_api.Id)).Single(review => review.Status == ReviewStatus.AwaitingApproval);
        (await _app.SendAsync(Owner, new ApproveReview(_api.Id, beadReview.Id))).ShouldSucceed();
        (await _app.TickAsync(_api.Id)).Merged.ShouldBe(1);

        // The landing merge waits for a person (gated, not pushed); rejected → blocked, the mayor told once.
        await _app.TickAsync(_api.Id);
        var waiting = (await ReviewsAsync(_api.Id)).Single(review => review.IsLanding);
        waiting.Status.ShouldBe(ReviewStatus.AwaitingApproval);
        (await GetAsync(convoy.Id)).Landing!.ShouldHaveSingleItem().ReviewStatus.ShouldBe("awaiting_approval");
        _app.Container.MergeRequests.Where(merge => merge.Repository.DefaultBranch == "main").ShouldAllBe(merge => !merge.Push);

        (await _app.SendAsync(Owner, new RejectReview(_api.Id, waiting.Id, "Not this release."))).ShouldSucceed();
        var blocked = await GetAsync(convoy.Id);
        blocked.Status.ShouldBe("blocked");
        await RaceEvaluationsAsync(convoy.Id);
        await _app.TickAsync(_api.Id);
        (await _app.SendAsync(Actor.System, new RecoverConvoys())).ShouldSucceed();
        (await GetAsync(convoy.Id)).Status.ShouldBe("blocked");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_blocked"]);
        (await MayorMailsAsync("Convoy blocked: Solo")).ShouldBe(1);
        _app.Container.MergeRequests.Where(merge => merge.Repository.DefaultBranch == "main").ShouldAllBe(merge => !merge.Push);
        (await _app.SendAsync(Owner, new ApproveReview(_api.Id, waiting.Id))).ShouldHaveStatus(ResultStatus.Conflict);
    }

    [Fact]
    public async Task An_approved_landing_review_lands_the_convoy()
    {
        var convoy = await CreateAsync(new CreateConvoy(_town.Town.Id, "Solo", [new ConvoyTask("web", "A")], Mode: "land"));
        await _app.TickAsync(_web.Id);
        await MergeAsync(_web.Id, Bead(convoy, "A"));
        (await _app.SendAsync(Owner, new UpdateRig(_web.Id, Review: new RigReviewPatch(Mode: "approve")))).ShouldSucceed();
        await _app.TickAsync(_web.Id);
        var waiting = (await ReviewsAsync(_web.Id)).Single(review => review.IsLanding);
        waiting.Status.ShouldBe(ReviewStatus.AwaitingApproval);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landing");

        (await _app.SendAsync(Owner, new ApproveReview(_web.Id, waiting.Id))).ShouldSucceed();
        (await _app.TickAsync(_web.Id)).Merged.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landed");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_landed"]);
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_naming_mode()
    {
        (await _app.SendAsync(Owner, new CreateConvoy(_town.Town.Id, "X", [new ConvoyTask("api", "A")], Mode: "sideways")))
            .ShouldBeInvalidOn("mode");
    }
}

public sealed class SqliteConvoyLandTests() : ConvoyLandTests(TestStorage.Sqlite);

public sealed class PostgresConvoyLandTests(PostgresFixture postgres) : ConvoyLandTests(TestStorage.Postgres(postgres));
