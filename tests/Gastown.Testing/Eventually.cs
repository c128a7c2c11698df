namespace Gastown.Testing;

/// <summary>Waits for a condition with a deadline, instead of sleeping a fixed time and hoping.</summary>
public static class Eventually
{
    /// <summary>For conditions inside one process (a state, a file).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>For conditions across processes (a server, agents, git), which a loaded machine slows down.</summary>
    public static readonly TimeSpan DefaultProcessTimeout = TimeSpan.FromSeconds(60);

    public static Task TrueAsync(Func<bool> condition, string? what = null, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string? what = null, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still not true after {limit.TotalSeconds:0.#} s: {what ?? "condition"}");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds; fails with what it last saw.</summary>
    public static async Task<T> MatchAsync<T>(
        Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultProcessTimeout);
        T last;
        do
        {
            last = await probe();
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out waiting for {what}. Last seen: {last}");
    }
}
