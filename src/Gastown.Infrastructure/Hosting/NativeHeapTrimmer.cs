using Microsoft.Extensions.Hosting;

namespace Gastown.Infrastructure.Hosting;

/// <summary>
/// Returns the native heap's free pages to the system every <see cref="Interval"/> (decision 0020): SQLite's memory,
/// freed as ledger connections leave the pool, otherwise stays in the process.
/// </summary>
internal sealed class NativeHeapTrimmer(TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) NativeHeap.Trim();
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
