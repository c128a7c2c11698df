namespace Gastown.Domain.Scheduling;

/// <summary>
/// How hard the scheduler tries. Attempts are counted on the bead (never reset by re-hooking), each retry waits
/// longer, and both limits end in an escalation instead of a loop.
/// </summary>
public sealed record DispatchPolicy(IReadOnlyList<TimeSpan> Backoff, int MaxAttempts, int MaxRestarts)
{
    public static readonly DispatchPolicy Default = new(
        [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)],
        MaxAttempts: 5,
        MaxRestarts: 3);

    /// <summary>When the next attempt may run, given the attempts made so far.</summary>
    public DateTimeOffset NextAttemptAt(int attemptsMade, DateTimeOffset? lastAttemptAt)
    {
        if (attemptsMade == 0 || lastAttemptAt is null || Backoff.Count == 0) return DateTimeOffset.MinValue;
        return lastAttemptAt.Value + Backoff[Math.Min(attemptsMade, Backoff.Count) - 1];
    }

    public bool AttemptsExhausted(int attemptsMade) => attemptsMade >= MaxAttempts;
}
