using System.Diagnostics;
using System.Net;

namespace Gastown.Benchmarks.Support;

/// <summary>What a load run measured: requests completed in the measured window, their latencies, failures.</summary>
public sealed record LoadResult(
    string Name, int Concurrency, TimeSpan Duration, int Completed, int Failed, Stats Latency, IReadOnlyList<double> ThroughputBySlice, string? FirstFailure)
{
    public double RequestsPerSecond => Completed / Duration.TotalSeconds;

    public override string ToString() =>
        $"{Name}: {RequestsPerSecond:0} req/s over {Duration.TotalSeconds:0} s with {Concurrency} clients, {Failed} failed; {Latency}"
        + (FirstFailure is null ? "" : $"; first failure (warm-up included): {FirstFailure[..Math.Min(120, FirstFailure.Length)]}");
}

/// <summary>
/// A closed-loop load driver: <c>concurrency</c> clients each send one request, wait for the whole answer, send
/// the next. A warm-up first (not counted), then a fixed measured window; a request counts when it started and
/// finished inside the window.
/// </summary>
public static class LoadDriver
{
    public static async Task<LoadResult> RunAsync(
        string name, HttpClient http, Func<long, HttpRequestMessage> request, HttpStatusCode expected,
        int concurrency, TimeSpan warmup, TimeSpan duration, int slices = 4, bool quiet = false)
    {
        long sequence = 0;
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sliceTicks = (measureTo - measureFrom) / slices;
        var latencies = new List<double>[concurrency];
        var sliceCounts = new int[concurrency, slices];
        var failed = 0;
        string? firstFailure = null;

        async Task Client(int index)
        {
            var mine = latencies[index] = new List<double>(4096);
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                if (started >= measureTo) return;
                var ok = false;
                try
                {
                    using var message = request(Interlocked.Increment(ref sequence));
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                    ok = response.StatusCode == expected;
                    if (!ok && firstFailure is null) firstFailure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                }
                catch (HttpRequestException exception)
                {
                    firstFailure ??= exception.Message;
                }
                var finished = Stopwatch.GetTimestamp();
                if (started < measureFrom || finished > measureTo) continue;
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                    continue;
                }
                mine.Add((finished - started) * 1000.0 / Stopwatch.Frequency);
                sliceCounts[index, Math.Min(slices - 1, (int)((finished - measureFrom) / sliceTicks))]++;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(() => Client(i))));

        var sliceSeconds = duration.TotalSeconds / slices;
        var bySlice = Enumerable.Range(0, slices)
            .Select(s => Enumerable.Range(0, concurrency).Sum(c => sliceCounts[c, s]) / sliceSeconds).ToArray();
        var stats = new Stats(latencies.SelectMany(l => l));
        var result = new LoadResult(name, concurrency, duration, stats.Count, failed, stats, bySlice, firstFailure);
        if (!quiet) Console.WriteLine($"  {result}");
        return result;
    }
}
