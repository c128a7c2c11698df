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
using Gastown.Application.Reviews.CleanUpBranches;
using Gastown.Application.Reviews.RejectReview;
using Gastown.Application.Rigs;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Application.Towns.GetTownEvents;
using Gastown.Domain.Beads;
using Gastown.Domain.Convoys;
using Gastown.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Convoys;

/// <summary>
/// Convoys in land mode (decision 0029) on the fake clock with the in-memory container: the beads branch from and
/// merge into the convoy's feature branch, never the default branch; once all merged, one landing merge per rig goes
/// through the rig's review, created once and landed once whatever evaluations race; a rejected landing blocks the
/// convoy with one mail to the mayor; an approved one lands it.
/// </summary>
public abstract class ConvoyLandTests(TestStorage storage) : ConvoyTestBase(storage)
{
    private async Task<int> MayorMailsAsync(string subject) => (await MayorMailAsync()).Count(mail => mail.Subject == subject);

    private Task<IReadOnlyList<ReviewEntry>> ReviewsAsync(Guid rigId) =>
        App.ReadLedgerAsync(rigId, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct));

    /// <summary>Four evaluations at once, each in its own scope (as racing ticks of different rigs or nodes would).</summary>
    private Task RaceEvaluationsAsync(Guid convoyId) => Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
    {
        await using var scope = App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConvoyTracker>().EvaluateAsync(convoyId, AppHarness.Ct);
    }));

    [Fact]
    public async Task Beads_merge_into_the_feature_branches_and_the_landing_merges_land_the_convoy_once()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "Greeting: v2!",
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

        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(ApiRig.Id, a);
        (await App.TickAsync(WebRig.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(WebRig.Id, c);
        (await App.TickAsync(ApiRig.Id)).Dispatched.ShouldBe(1);
        await MergeAsync(ApiRig.Id, d);

        // Every polecat branched from the feature branch (created from main), every merge went into it: nothing into main.
        App.Container.Launches.Count.ShouldBe(3);
        App.Container.Launches.ShouldAllBe(launch => launch.Repository!.DefaultBranch == feature && launch.Repository.CreateFrom == "main");
        App.Container.MergeRequests.Count.ShouldBe(3);
        App.Container.MergeRequests.ShouldAllBe(merge => merge.Repository.DefaultBranch == feature && merge.Repository.CreateFrom == "main");

        // All merged: landing, one landing review per rig (created once, however many evaluations race).
        var landing = await GetAsync(convoy.Id);
        (landing.Status, landing.Closed, landing.LandedAt).ShouldBe(("landing", 3, (DateTimeOffset?)null));
        await RaceEvaluationsAsync(convoy.Id);
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).ShouldSucceed();
        foreach (var rig in new[] { ApiRig.Id, WebRig.Id })
        {
            var entry = (await ReviewsAsync(rig)).Where(review => review.IsLanding).ShouldHaveSingleItem();
            (entry.Id, entry.Branch, entry.Status).ShouldBe((convoy.Id, feature, ReviewStatus.Pending));
        }
        (await GetAsync(convoy.Id)).Landing!.Select(l => l.ReviewStatus).ShouldBe(["pending", "pending"]);

        // api lands first: still landing until web has landed too.
        (await App.TickAsync(ApiRig.Id)).Merged.ShouldBe(1);
        var toMain = App.Container.MergeRequests[^1];
        (toMain.Branch, toMain.Repository.DefaultBranch, toMain.Repository.CreateFrom).ShouldBe((feature, "main", (string?)null));
        (await GetAsync(convoy.Id)).Status.ShouldBe("landing");
        (await App.TickAsync(WebRig.Id)).Merged.ShouldBe(1);

        var landed = await GetAsync(convoy.Id);
        (landed.Status, landed.LandedAt is not null).ShouldBe(("landed", true));
        landed.Landing!.ShouldAllBe(l => l.ReviewStatus == "merged" && l.MergeCommit != null);
        App.Container.MergeRequests.Count(merge => merge.Repository.DefaultBranch == "main").ShouldBe(2);

        // Later ticks, racing evaluations and recovery land it no second time.
        await RaceEvaluationsAsync(convoy.Id);
        await App.TickAsync(ApiRig.Id);
        await App.TickAsync(WebRig.Id);
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).ShouldSucceed();
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_landed"]);
        (await MayorMailsAsync("Convoy landed: Greeting: v2!")).ShouldBe(1);
        App.Container.MergeRequests.Count(merge => merge.Repository.DefaultBranch == "main").ShouldBe(2);
    }

    [Fact]
    public async Task A_rejected_landing_review_blocks_the_convoy_once_and_nothing_reaches_the_default_branch()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "Solo", [new ConvoyTask("api", "A")], Mode: "land"));
        (await App.SendAsync(Owner, new UpdateRigCommand(ApiRig.Id, Review: new RigReviewPatch(Mode: "approve")))).ShouldSucceed();
        await App.TickAsync(ApiRig.Id);
        var a = Bead(convoy, "A");

        // Approve mode for the bead's own merge into the feature branch, as usual.
        await DoneAsync(ApiRig.Id, a);
        await App.TickAsync(ApiRig.Id);
        var beadReview = (await ReviewsAsync(ApiRig.Id)).Single(review => review.Status == ReviewStatus.AwaitingApproval);
        (await App.SendAsync(Owner, new ApproveReviewCommand(ApiRig.Id, beadReview.Id))).ShouldSucceed();
        (await App.TickAsync(ApiRig.Id)).Merged.ShouldBe(1);

        // The landing merge waits for a person (gated, not pushed); rejected → blocked, the mayor told once.
        await App.TickAsync(ApiRig.Id);
        var waiting = (await ReviewsAsync(ApiRig.Id)).Single(review => review.IsLanding);
        waiting.Status.ShouldBe(ReviewStatus.AwaitingApproval);
        (await GetAsync(convoy.Id)).Landing!.ShouldHaveSingleItem().ReviewStatus.ShouldBe("awaiting_approval");
        App.Container.MergeRequests.Where(merge => merge.Repository.DefaultBranch == "main").ShouldAllBe(merge => !merge.Push);

        (await App.SendAsync(Owner, new RejectReviewCommand(ApiRig.Id, waiting.Id, "Not this release."))).ShouldSucceed();
        var blocked = await GetAsync(convoy.Id);
        blocked.Status.ShouldBe("blocked");
        await RaceEvaluationsAsync(convoy.Id);
        await App.TickAsync(ApiRig.Id);
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).ShouldSucceed();
        (await GetAsync(convoy.Id)).Status.ShouldBe("blocked");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_blocked"]);
        (await MayorMailsAsync("Convoy blocked: Solo")).ShouldBe(1);
        App.Container.MergeRequests.Where(merge => merge.Repository.DefaultBranch == "main").ShouldAllBe(merge => !merge.Push);
        (await App.SendAsync(Owner, new ApproveReviewCommand(ApiRig.Id, waiting.Id))).ShouldHaveStatus(ResultStatus.Conflict);

        // The refused feature branch holds the convoy's work: branch hygiene keeps it.
        (await App.SendAsync(Actor.System, new CleanUpBranchesCommand(ApiRig.Id))).ShouldSucceed();
        App.Container.DeletedBranches.ShouldNotContain(waiting.Branch);
    }

    [Fact]
    public async Task An_approved_landing_review_lands_the_convoy()
    {
        var convoy = await CreateAsync(new CreateConvoyCommand(Town.Town.Id, "Solo", [new ConvoyTask("web", "A")], Mode: "land"));
        await App.TickAsync(WebRig.Id);
        await MergeAsync(WebRig.Id, Bead(convoy, "A"));
        (await App.SendAsync(Owner, new UpdateRigCommand(WebRig.Id, Review: new RigReviewPatch(Mode: "approve")))).ShouldSucceed();
        await App.TickAsync(WebRig.Id);
        var waiting = (await ReviewsAsync(WebRig.Id)).Single(review => review.IsLanding);
        waiting.Status.ShouldBe(ReviewStatus.AwaitingApproval);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landing");

        (await App.SendAsync(Owner, new ApproveReviewCommand(WebRig.Id, waiting.Id))).ShouldSucceed();
        (await App.TickAsync(WebRig.Id)).Merged.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landed");
        (await FeedAsync()).ShouldBe(["convoy_created", "convoy_landing", "convoy_landed"]);
    }

    [Fact]
    public async Task A_convoy_a_crash_left_landing_without_its_landing_review_gets_it_once_from_recovery_and_lands()
    {
        // As if the server died between the conditional UPDATE to landing and the creation of the landing reviews.
        var now = App.Clock.GetUtcNow();
        var convoy = new Convoy(Guid.NewGuid(), Town.Town.Id, "Crashed", ConvoyMode.Land, ConvoyStatus.Landing, false, now, now, Released: true);
        var bead = Domain.Beads.Bead.New(BeadType.Issue, "Merged into the feature branch", null, now) with { Status = BeadStatus.Closed, ConvoyId = convoy.Id };
        await App.Services.GetRequiredService<IConvoyStore>().InsertAsync(convoy, [new ConvoyBead(convoy.Id, bead.Id, ApiRig.Id, 0)], AppHarness.Ct);
        await App.InsertBeadsAsync(ApiRig.Id, bead);
        (await ReviewsAsync(ApiRig.Id)).ShouldBeEmpty();

        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).Value.ShouldBe(1);
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).Value.ShouldBe(1);
        var entry = (await ReviewsAsync(ApiRig.Id)).ShouldHaveSingleItem();
        (entry.Id, entry.IsLanding, entry.Branch, entry.Status).ShouldBe((convoy.Id, true, convoy.FeatureBranch, ReviewStatus.Pending));

        (await App.TickAsync(ApiRig.Id)).Merged.ShouldBe(1);
        (await GetAsync(convoy.Id)).Status.ShouldBe("landed");
        (await App.SendAsync(Actor.System, new RecoverConvoysCommand())).Value.ShouldBe(0);
        (await FeedAsync()).ShouldBe(["convoy_landed"]);
    }

    [Fact]
    public async Task An_unknown_mode_is_refused_naming_mode()
    {
        (await App.SendAsync(Owner, new CreateConvoyCommand(Town.Town.Id, "X", [new ConvoyTask("api", "A")], Mode: "sideways")))
            .ShouldBeInvalidOn("mode");
    }
}

public sealed class SqliteConvoyLandTests() : ConvoyLandTests(TestStorage.Sqlite);

public sealed class PostgresConvoyLandTests(PostgresFixture postgres) : ConvoyLandTests(TestStorage.Postgres(postgres));
