namespace Gastown.Infrastructure.Tests.Support;

/// <summary>Waits for a condition with a deadline, instead of sleeping a fixed time and hoping.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still not true after {timeout.TotalSeconds:0.#} s: {what ?? "condition"}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string? what = null) => TrueAsync(condition, TimeSpan.FromSeconds(15), what);
}
