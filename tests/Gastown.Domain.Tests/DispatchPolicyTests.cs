using Gastown.Domain.Scheduling;

namespace Gastown.Domain.Tests;

public sealed class DispatchPolicyTests
{
    private static readonly DateTimeOffset Last = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_backs_off_5s_30s_2m_10m_30m_and_gives_up_after_5_attempts()
    {
        var policy = DispatchPolicy.Default;
        policy.Backoff.ShouldBe([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)]);
        policy.MaxAttempts.ShouldBe(5);
        policy.MaxRestarts.ShouldBe(3);
    }

    [Fact]
    public void A_bead_never_tried_may_go_at_once()
    {
        DispatchPolicy.Default.NextAttemptAt(0, null).ShouldBe(DateTimeOffset.MinValue);
        DispatchPolicy.Default.NextAttemptAt(0, Last).ShouldBe(DateTimeOffset.MinValue);
        DispatchPolicy.Default.NextAttemptAt(2, null).ShouldBe(DateTimeOffset.MinValue);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 30)]
    [InlineData(3, 120)]
    [InlineData(4, 600)]
    [InlineData(5, 1800)]
    [InlineData(6, 1800)]
    [InlineData(50, 1800)]
    public void Each_retry_waits_longer_and_the_last_wait_repeats(int attemptsMade, int seconds) =>
        DispatchPolicy.Default.NextAttemptAt(attemptsMade, Last).ShouldBe(Last + TimeSpan.FromSeconds(seconds));

    [Fact]
    public void No_backoff_means_no_wait()
    {
        var policy = new DispatchPolicy([], MaxAttempts: 3, MaxRestarts: 1);
        policy.NextAttemptAt(2, Last).ShouldBe(DateTimeOffset.MinValue);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, true)]
    public void Attempts_run_out_at_the_maximum(int attemptsMade, bool exhausted) =>
        DispatchPolicy.Default.AttemptsExhausted(attemptsMade).ShouldBe(exhausted);
}
