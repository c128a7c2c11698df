using System.Net;
using System.Text;
using Gastown.Benchmarks.Support;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 6: sling latency over HTTP while the container takes 2 s to start each agent, against the same load with
/// a container that starts at once — A (instant), B (2 s), A again, on one server, each phase on fresh rigs so the
/// stores are in the same state, after a warm-up phase that is not counted. The A-A difference is the noise the B
/// figure is judged against (at least ±15 % for p50 and ±30 % for p99).
/// </summary>
public static class ContainerDelayScenario
{
    public const string Name = "6 slow container";
    private const int Clients = 16;
    private const int Rigs = 16;

    public static async Task RunAsync(RunOptions options)
    {
        Console.WriteLine($"== {Name}: {Clients} clients over {Rigs} fresh rigs per phase, instant / 2 s / instant container");
        var warmup = TimeSpan.FromSeconds(options.Quick ? 1 : 3);
        var duration = TimeSpan.FromSeconds(options.Quick ? 4 : 12);

        await using var server = new BenchServer(new BenchContainer());
        var user = await server.CreateUserAsync("bench");
        using var setup = server.CreateLoopbackClient(user.Token);
        var town = await GastownApi.CreateTownAsync(setup, "bench");
        using var http = server.CreateLoopbackClient(user.Token, Clients);

        async Task<LoadResult> PhaseAsync(string name, TimeSpan delay)
        {
            var rigs = await GastownApi.CreateRigsAsync(setup, town, name, Rigs);
            server.Container.StartDelay = delay;
            var startsBefore = server.Container.StartCalls;
            HttpRequestMessage Sling(long n) => new(HttpMethod.Post, $"/api/rigs/{rigs[n % Rigs]}/sling")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"title\":\"{name} {n}\"}}"))
                {
                    Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") },
                },
            };
            var result = await LoadDriver.RunAsync($"sling, container start {delay.TotalSeconds:0} s", http, Sling, HttpStatusCode.Created, Clients, warmup, duration);
            Console.WriteLine($"    container start calls during the phase: {server.Container.StartCalls - startsBefore}");
            return result;
        }

        await PhaseAsync("warm-up", TimeSpan.Zero);   // JIT tiering, not counted
        var a1 = await PhaseAsync("instant-a", TimeSpan.Zero);
        var b = await PhaseAsync("slow", TimeSpan.FromSeconds(2));
        var a2 = await PhaseAsync("instant-b", TimeSpan.Zero);
        server.Container.StartDelay = TimeSpan.Zero;

        void Compare(string measure, Func<LoadResult, double> pick, double tolerance)
        {
            var instant = (pick(a1) + pick(a2)) / 2;
            var noise = Math.Max(Math.Abs(pick(a1) - pick(a2)) / instant, tolerance);
            var ratio = pick(b) / instant;
            Add(new Figure(Name, measure, $"{F(pick(b))} ms with a 2 s start", $"instant start {F(pick(a1))} / {F(pick(a2))} ms (before/after)",
                $"{F(ratio)}×", $"equal within noise (±{F(noise * 100, "0")} %)", Math.Abs(ratio - 1) <= noise));
        }
        Compare("sling latency p50", r => r.Latency.P50, 0.15);
        Compare("sling latency p99", r => r.Latency.P99, 0.30);
        Note($"slow container: server errors logged: {server.Errors.Describe()}");
        Note($"slow container: throughput {F(b.RequestsPerSecond, "0")} req/s vs {F(a1.RequestsPerSecond, "0")} / {F(a2.RequestsPerSecond, "0")} req/s instant; failed {a1.Failed + b.Failed + a2.Failed}");
    }
}
