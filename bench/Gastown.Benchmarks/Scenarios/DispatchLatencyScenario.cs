using System.Collections.Concurrent;
using System.Diagnostics;
using Gastown.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 3: from the moment the client has the sling's 201 to the moment the container's StartAgentAsync is
/// called (the rig's alarm fires, the tick records the attempt and calls start). Every sling finds an idle polecat
/// slot (5 per rig, round-robin over the rigs), paced so the server is otherwise idle. Baseline: the same
/// server's Quartz scheduler firing an empty job scheduled "now" — the floor of any alarm-driven dispatch.
/// </summary>
public static class DispatchLatencyScenario
{
    public const string Name = "3 dispatch latency";

    public static async Task RunAsync(RunOptions options)
    {
        var rigCount = options.Quick ? 10 : 40;
        var samples = rigCount * 5;
        var pace = TimeSpan.FromMilliseconds(40);
        Console.WriteLine($"== {Name}: {samples} slings over {rigCount} rigs, one every {pace.TotalMilliseconds:0} ms");

        await using var server = new BenchServer(new BenchContainer());
        var user = await server.CreateUserAsync("bench");
        using var http = server.CreateLoopbackClient(user.Token);
        var town = await GastownApi.CreateTownAsync(http, "bench");
        var rigs = await GastownApi.CreateRigsAsync(http, town, "rig", rigCount);
        await GastownApi.SlingAsync(http, rigs[0], "warm-up");   // JIT and first-use costs out of the way

        var floor = await QuartzFloorAsync(server, samples, pace);

        var answered = new List<(Guid Agent, long At)>();
        var sent = new List<long>();
        var next = Stopwatch.GetTimestamp();
        for (var i = 1; i < samples; i++)   // the warm-up took one slot of rig 0
        {
            sent.Add(Stopwatch.GetTimestamp());
            var (_, agent) = await GastownApi.SlingAsync(http, rigs[i % rigCount], $"dispatch {i}");
            var at = Stopwatch.GetTimestamp();
            if (agent is null) throw new InvalidOperationException("The sling was queued; the scenario needs a free polecat per sling.");
            answered.Add((agent.Value, at));
            next += (long)(pace.TotalSeconds * Stopwatch.Frequency);
            var wait = next - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
        }

        var deadline = Stopwatch.StartNew();
        while (answered.Any(a => !server.Container.TryGetStartCalledAt(a.Agent, out _)) && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        var latencies = answered
            .Select(a => server.Container.TryGetStartCalledAt(a.Agent, out var started) ? (started - a.At) * 1000.0 / Stopwatch.Frequency : double.NaN)
            .ToList();
        var missing = latencies.Count(double.IsNaN);
        var roundTrips = new Stats(answered.Select((a, i) => (a.At - sent[i]) * 1000.0 / Stopwatch.Frequency));
        var fromSent = new Stats(answered.Select((a, i) => server.Container.TryGetStartCalledAt(a.Agent, out var started) ? (started - sent[i]) * 1000.0 / Stopwatch.Frequency : double.NaN).Where(l => !double.IsNaN(l)));
        var stats = new Stats(latencies.Where(l => !double.IsNaN(l)));
        Console.WriteLine($"  dispatch: {stats}; min {stats.Min:0.00} ms; never started: {missing}");

        Add(new Figure(Name, "sling answered → StartAgentAsync called, p50 / p99", $"{F(stats.P50)} / {F(stats.P99)} ms",
            $"Quartz empty job, scheduled now → running: p50 {F(floor.P50)} / p99 {F(floor.P99)} ms", $"{F(stats.P50 - floor.P50)} / {F(stats.P99 - floor.P99)} ms above it",
            "p50 < 100 ms, p99 < 500 ms", stats.P50 < 100 && stats.P99 < 500 && missing == 0,
            $"n={stats.Count}, never started {missing}; min {F(stats.Min)}, max {F(stats.Max)} ms (negative: the start was called before the client had read the 201)"));
        Add(new Figure(Name, "sling sent → StartAgentAsync called, p50 / p99", $"{F(fromSent.P50)} / {F(fromSent.P99)} ms",
            $"the sling's own round trip p50 {F(roundTrips.P50)} / p99 {F(roundTrips.P99)} ms", $"{F(fromSent.P50 / roundTrips.P50)}× / {F(fromSent.P99 / roundTrips.P99)}×",
            "(same goal, measured from the request)", fromSent.P50 < 100 && fromSent.P99 < 500));
    }

    /// <summary>How long the server's own scheduler takes to run an empty job scheduled to fire now.</summary>
    private static async Task<Stats> QuartzFloorAsync(BenchServer server, int samples, TimeSpan pace)
    {
        var scheduler = await server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var latencies = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var key = new JobKey($"probe-{i}", "bench-probe");
            var scheduled = Stopwatch.GetTimestamp();
            await scheduler.ScheduleJob(
                JobBuilder.Create<ProbeJob>().WithIdentity(key).Build(),
                TriggerBuilder.Create().StartNow().Build());
            var deadline = Stopwatch.StartNew();
            long fired;
            while (!ProbeJob.Fired.TryGetValue(key.Name, out fired) && deadline.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(1);
            if (fired != 0) latencies.Add((fired - scheduled) * 1000.0 / Stopwatch.Frequency);
            await Task.Delay(pace);
        }
        var stats = new Stats(latencies);
        Console.WriteLine($"  quartz floor: {stats}");
        return stats;
    }

    /// <summary>An empty job that only notes when it ran.</summary>
    public sealed class ProbeJob : IJob
    {
        public static readonly ConcurrentDictionary<string, long> Fired = new();

        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            Fired[context.JobDetail.Key.Name] = Stopwatch.GetTimestamp();
            return ValueTask.CompletedTask;
        }
    }
}
