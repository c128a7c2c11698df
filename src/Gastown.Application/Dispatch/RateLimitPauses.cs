using System.Collections.Concurrent;

namespace Gastown.Application.Dispatch;

/// <summary>
/// Towns whose model endpoint refused a run for rate or quota: their polecats are not dispatched until the provider's
/// reset (its Retry-After or reported reset time), else an exponential back-off (doubling for each refusal in a row,
/// capped). Per town, not per endpoint: a town's polecats share its configured endpoints, and the CLIs do not say
/// which endpoint refused. Kept in memory; the refused agent and bead also carry their own <c>rateLimitedUntil</c>,
/// which survives a restart of the server.
/// </summary>
public sealed class RateLimitPauses(IOptions<GastownOptions> options)
{
    private sealed record State(DateTimeOffset Until, int Streak, DateTimeOffset At);

    private readonly ConcurrentDictionary<Guid, State> _towns = new();

    /// <summary>Records a refusal and answers until when the town waits.</summary>
    public DateTimeOffset Record(Guid townId, AgentRateLimit limit, DateTimeOffset now)
    {
        var alarm = options.Value.Alarm;
        var state = _towns.AddOrUpdate(townId,
            _ => new State(Until(limit, 0, now), 1, now),
            (_, previous) =>
            {
                // A refusal long after the last one starts the back-off over.
                var streak = now - previous.At > alarm.RateLimitBackoffMax * 2 ? 0 : previous.Streak;
                var until = Until(limit, streak, now);
                return new State(until > previous.Until ? until : previous.Until, streak + 1, now);
            });
        return state.Until;
    }

    /// <summary>Until when the town's dispatch waits, or null when it does not.</summary>
    public DateTimeOffset? Until(Guid townId, DateTimeOffset now) =>
        _towns.TryGetValue(townId, out var state) && state.Until > now ? state.Until : null;

    private DateTimeOffset Until(AgentRateLimit limit, int streak, DateTimeOffset now)
    {
        if (limit.ResetAt is { } reset && reset > now) return reset;
        if (limit.RetryAfter is { } after && after > TimeSpan.Zero) return now + after;
        var alarm = options.Value.Alarm;
        var backoff = alarm.RateLimitBackoff * Math.Pow(2, Math.Min(streak, 20));
        return now + (backoff < alarm.RateLimitBackoffMax ? backoff : alarm.RateLimitBackoffMax);
    }
}
