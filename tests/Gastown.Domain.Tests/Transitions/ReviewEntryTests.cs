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
}
