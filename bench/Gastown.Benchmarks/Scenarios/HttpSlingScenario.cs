using System.Net;
using System.Text;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Security;
using Gastown.Benchmarks.Support;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 2: POST /api/rigs/{rigId}/sling over real HTTP on loopback (Kestrel) with 64 concurrent clients across 16
/// rigs, against GET /api/me (the cheapest authenticated endpoint) on the same host, measured before and after the
/// slings (A-B-A) so drift shows; the better of the two is the baseline. Both endpoints are warmed up first (JIT
/// tiering) on rigs of their own, then measured for a fixed window each, the slings on 16 fresh rigs. The container
/// answers at once and never finishes an agent, so after the first five slings per rig the beads queue.
/// </summary>
public static class HttpSlingScenario
{
    public const string Name = "2 HTTP sling";
    private const int Clients = 64;
    private const int Rigs = 16;

    public static async Task RunAsync(RunOptions options)
    {
        Console.WriteLine($"== {Name}: {Clients} clients over {Rigs} rigs vs GET /api/me, Kestrel on loopback");
        var window = TimeSpan.FromSeconds(options.Quick ? 5 : 15);

        await using var server = new BenchServer(new BenchContainer());
        var user = await server.CreateUserAsync("bench");
        using var setup = server.CreateLoopbackClient(user.Token);
        var town = await GastownApi.CreateTownAsync(setup, "bench");
        var warmRigs = await GastownApi.CreateRigsAsync(setup, town, "warm-up", Rigs);
        var rigs = await GastownApi.CreateRigsAsync(setup, town, "rig", Rigs);
        using var http = server.CreateLoopbackClient(user.Token, Clients);

        HttpRequestMessage Me(long _) => new(HttpMethod.Get, "/api/me");
        Func<long, HttpRequestMessage> Sling(Guid[] on) => n => new HttpRequestMessage(HttpMethod.Post, $"/api/rigs/{on[n % Rigs]}/sling")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"title\":\"bench sling {n}\"}}"))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
            },
        };

        var none = TimeSpan.Zero;
        var warm = TimeSpan.FromSeconds(options.Quick ? 3 : 5);
        await LoadDriver.RunAsync("warm-up GET /api/me", http, Me, HttpStatusCode.OK, Clients, none, warm, quiet: true);
        await LoadDriver.RunAsync("warm-up sling", http, Sling(warmRigs), HttpStatusCode.Created, Clients, none, warm, quiet: true);
        await Task.Delay(TimeSpan.FromSeconds(3));   // the warm-up rigs' alarm ticks drain

        var me = await LoadDriver.RunAsync("GET /api/me", http, Me, HttpStatusCode.OK, Clients, TimeSpan.FromSeconds(1), window);
        var statusBefore = server.Container.StatusCalls;
        var sling = await LoadDriver.RunAsync("POST sling", http, Sling(rigs), HttpStatusCode.Created, Clients, none, window);
        var ticks = (server.Container.StatusCalls - statusBefore) / 5.0;
        var meAfter = await LoadDriver.RunAsync("GET /api/me (after)", http, Me, HttpStatusCode.OK, Clients, TimeSpan.FromSeconds(1), window);
        var tick = await TickCostAsync(server, rigs[0]);

        // The better of the two /api/me windows: conservative (a JIT or noise dip in one would flatter the slings).
        var baseline = Math.Max(me.RequestsPerSecond, meAfter.RequestsPerSecond);
        var share = sling.RequestsPerSecond / baseline;
        Add(new Figure(Name, $"sling throughput ({Clients} clients, {Rigs} rigs)", $"{F(sling.RequestsPerSecond, "0")} req/s",
            $"GET /api/me {F(me.RequestsPerSecond, "0")} / {F(meAfter.RequestsPerSecond, "0")} req/s (before/after; the higher is the baseline)",
            $"{F(share * 100, "0")} %", "≥ 30 %", share >= 0.30,
            $"{sling.Failed} failed; sling req/s by quarter of the window: {string.Join(" → ", sling.ThroughputBySlice.Select(v => F(v, "0")))}"));
        Add(new Figure(Name, "sling latency p50 / p99", $"{F(sling.Latency.P50)} / {F(sling.Latency.P99)} ms",
            $"GET /api/me {F(me.Latency.P50)} / {F(me.Latency.P99)} ms (before), {F(meAfter.Latency.P50)} / {F(meAfter.Latency.P99)} ms (after)",
            $"{F(sling.Latency.P50 / Math.Min(me.Latency.P50, meAfter.Latency.P50))}× / {F(sling.Latency.P99 / Math.Min(me.Latency.P99, meAfter.Latency.P99))}×",
            "p99 < 20 ms", sling.Latency.P99 < 20,
            $"max {F(sling.Latency.Max, "0")} ms; by Little's law {Clients} closed-loop clients at {F(sling.RequestsPerSecond, "0")} req/s wait {F(Clients / sling.RequestsPerSecond * 1000, "0.0")} ms on average"));
        Note($"http: during the sling window the {Rigs} rigs' alarms ticked ≈ {F(ticks / window.TotalSeconds, "0")} times/s "
             + $"(one tick per ≈ {F(sling.Completed / Math.Max(ticks, 1), "0")} slings); one tick of such a rig (5 working polecats, ≈ {sling.Completed / Rigs} queued) "
             + $"costs p50 {F(tick.P50)} ms alone on an idle server");
        Note($"http: server errors logged during the whole run: {server.Errors.Describe()}");
    }

    /// <summary>Wall time of RunAlarmTick on one busy rig, sent through the mediator as the alarm job sends it.</summary>
    private static async Task<Stats> TickCostAsync(BenchServer server, Guid rig)
    {
        await Task.Delay(TimeSpan.FromSeconds(2));   // let the ticks the load armed drain
        var times = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            await using var scope = server.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(new RunAlarmTickCommand(rig));
            if (i >= 10) times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return new Stats(times);
    }
}
