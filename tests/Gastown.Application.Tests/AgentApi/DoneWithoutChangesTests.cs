using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.DoneWithoutChanges;
using Gastown.Application.Common.Ports;
using Gastown.Application.Dispatch;
using Gastown.Application.Rigs.UpdateRig;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.AgentApi;

/// <summary>
/// Done with nothing done is not a merge: a branch without a commit goes back to its polecat as a review round ("no
/// changes on your branch") and escalates after maxReviewRounds; only an explicit done with noChanges closes a bead
/// without a merge, as "closed without changes".
/// </summary>
public abstract class DoneWithoutChangesTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Done_with_no_commit_on_the_branch_is_a_review_round_not_a_merge()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        var entry = (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, "Added a greeting."))).Value;
        _app.Container.QueueMerge(Result.Success(new MergeOutcome(null, "base1", [], NoChanges: true)));

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.Merged.ShouldBe(0);
        var review = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).ShouldHaveSingleItem();
        (review.Id, review.Status, review.MergeCommit, review.Message).ShouldBe((entry.Id, ReviewStatus.ChangesRequested, null, "no changes on the branch"));
        review.Feedback.ShouldNotBeNull().ShouldStartWith("No changes on your branch");
        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        (bead.Status, bead.AssigneeAgentId, bead.ReviewRounds, bead.EscalatedAt, bead.ClosedAt)
            .ShouldBe((BeadStatus.InProgress, polecat.Agent.Id, 1, null, null));
        bead.Metadata[Bead.ReviewFeedbackKey].ShouldContain("noChanges: true");
        var events = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain(BeadEventType.ChangesRequested);
        events.ShouldNotContain(BeadEventType.Merged);
        events.ShouldNotContain(BeadEventType.Closed);
        var mail = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Mail.ListUndeliveredAsync(polecat.Agent.Id, AppHarness.Ct)))
            .Single(m => m.Subject == ReviewRounds.ChangesRequestedSubject);
        mail.Body.ShouldContain("No changes on your branch");
    }

    [Fact]
    public async Task Done_with_no_commit_round_after_round_escalates_after_max_review_rounds()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        (await _app.SendAsync(polecat.Owner, new UpdateRigCommand(polecat.Rig.Id, Review: new RigReviewPatch(MaxReviewRounds: 2)))).ShouldSucceed();

        for (var round = 1; round <= 2; round++)
        {
            var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
            (await _app.SendAsync(polecat.Session(agent.Generation), new DoneCommand(polecat.Agent.Id, null, "Done."))).ShouldSucceed();
            _app.Container.QueueMerge(Result.Success(new MergeOutcome(null, "base1", [], NoChanges: true)));
            await _app.TickAsync(polecat.Rig.Id); // the review round (or the escalation); then the re-dispatch
        }

        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        (bead.Status, bead.ReviewRounds, bead.AssigneeAgentId).ShouldBe((BeadStatus.Open, 2, null));
        bead.EscalatedAt.ShouldNotBeNull();
        var escalation = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct)))
            .ShouldHaveSingleItem();
        escalation.Body.ShouldNotBeNull().ShouldContain("No changes on your branch");
        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ShouldNotContain(BeadEventType.Merged);
    }

    [Fact]
    public async Task Done_with_no_changes_closes_the_bead_without_a_merge_and_says_so()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Check the greeting is already there");

        var result = await _app.SendAsync(polecat.Session(), new DoneWithoutChangesCommand(polecat.Agent.Id, "  The greeting is already in README.md.  "));

        result.ShouldSucceed();
        (result.Value.Status, result.Value.Metadata[Bead.ResolutionKey]).ShouldBe(("closed", "closed_without_changes"));
        result.Value.Metadata[Bead.NoChangesSummaryKey].ShouldBe("The greeting is already in README.md.");
        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        bead.Status.ShouldBe(BeadStatus.Closed);
        bead.ClosedAt.ShouldNotBeNull();
        var events = await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id);
        events.Select(e => e.Type).TakeLast(4)
            .ShouldBe([BeadEventType.ClosedWithoutChanges, BeadEventType.StatusChanged, BeadEventType.Closed, BeadEventType.Unhooked]);
        events.Single(e => e.Type == BeadEventType.ClosedWithoutChanges).NewValue.ShouldBe("The greeting is already in README.md.");
        events.Select(e => e.Type).ShouldNotContain(BeadEventType.Merged);
        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        (agent.Status, agent.HookedBeadId).ShouldBe((AgentStatus.Idle, null));
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).ShouldBeEmpty();
        _app.Container.Stops.ShouldBe([polecat.Agent.Id]);
    }

    [Fact]
    public async Task Done_with_no_changes_needs_a_summary_and_changes_nothing_without_one()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(polecat.Session(), new DoneWithoutChangesCommand(polecat.Agent.Id, "   "))).ShouldBeInvalidOn("summary");
        (await _app.SendAsync(polecat.Session(), new DoneWithoutChangesCommand(polecat.Agent.Id, null))).ShouldBeInvalidOn("summary");

        (await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).Status.ShouldNotBe(BeadStatus.Closed);
        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).HookedBeadId.ShouldBe(polecat.Bead.Id);
        _app.Container.Stops.ShouldBeEmpty();
    }

    [Fact]
    public async Task Done_with_no_changes_with_nothing_hooked_is_a_conflict()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new DoneWithoutChangesCommand(polecat.Agent.Id, "Nothing to do."))).ShouldSucceed();

        (await _app.SendAsync(polecat.Session(), new DoneWithoutChangesCommand(polecat.Agent.Id, "Again."))).ShouldHaveStatus(ResultStatus.Conflict);
    }
}

public sealed class SqliteDoneWithoutChangesTests() : DoneWithoutChangesTests(TestStorage.Sqlite);

public sealed class PostgresDoneWithoutChangesTests(PostgresFixture postgres) : DoneWithoutChangesTests(TestStorage.Postgres(postgres));
