using Gastown.Domain.Reviews;

namespace Gastown.Domain.Tests.Transitions;

public sealed class ReviewEntryTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ReviewEntry Pending() => ReviewEntry.New(Guid.NewGuid(), Guid.NewGuid(), "polecat/toast/abc", null, Now.AddMinutes(-1));

    [Fact]
    public void A_claim_runs_it_and_counts_the_attempt()
    {
        var running = Pending().Claim(Now);

        (running.Status, running.Attempts, running.UpdatedAt).ShouldBe((ReviewStatus.Running, 1, Now));
    }

    [Fact]
    public void Requeue_puts_it_back_with_the_reason()
    {
        var requeued = Pending().Claim(Now).Requeue("lock held", Now);

        (requeued.Status, requeued.Message, requeued.Attempts).ShouldBe((ReviewStatus.Pending, "lock held", 1));
    }

    [Fact]
    public void Postpone_puts_it_back_without_spending_the_attempt()
    {
        var postponed = Pending().Claim(Now).Requeue("lock held", Now).Claim(Now).Postpone("node-2 did not answer", Now);

        (postponed.Status, postponed.Message, postponed.Attempts).ShouldBe((ReviewStatus.Pending, "node-2 did not answer", 1));
    }

    [Fact]
    public void Merged_keeps_the_commit_and_clears_the_message()
    {
        var merged = Pending().Claim(Now).Requeue("lock held", Now).Claim(Now).Merged("c0ffee", Now);

        (merged.Status, merged.MergeCommit, merged.Message, merged.Attempts).ShouldBe((ReviewStatus.Merged, "c0ffee", (string?)null, 2));
    }

    [Fact]
    public void Failed_keeps_the_reason()
    {
        var failed = Pending().Claim(Now).Failed("conflict", Now);

        (failed.Status, failed.Message).ShouldBe((ReviewStatus.Failed, "conflict"));
    }

    [Fact]
    public void Only_a_failed_or_rejected_branch_not_yet_deleted_is_kept_and_deleting_it_is_recorded()
    {
        var rejected = Pending().Claim(Now).AwaitApproval([], "base", Now).Reject("Add a test.", Now);
        var failed = Pending().Claim(Now).Failed("conflict", Now);

        (rejected.KeepsUnmergedBranch, failed.KeepsUnmergedBranch).ShouldBe((true, true));
        Pending().KeepsUnmergedBranch.ShouldBeFalse();
        Pending().Claim(Now).Merged("c0ffee", Now).KeepsUnmergedBranch.ShouldBeFalse();
        (Pending().IsInFlight, Pending().Claim(Now).IsInFlight, Pending().Claim(Now).AwaitApproval([], "base", Now).Approve(Now).IsInFlight)
            .ShouldBe((true, true, true));
        rejected.IsInFlight.ShouldBeFalse();

        var deleted = rejected.BranchDeleted(Now.AddMinutes(1));
        (deleted.BranchDeletedAt, deleted.UpdatedAt, deleted.Status, deleted.KeepsUnmergedBranch)
            .ShouldBe((Now.AddMinutes(1), Now.AddMinutes(1), ReviewStatus.ChangesRequested, false));
    }
}
