using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Gastown.Benchmarks.Support;
using Gastown.EndToEnd.Tests.RealAgents;
using Gastown.EndToEnd.Tests.Support;
using Gastown.Infrastructure.Agents;
using Microsoft.Extensions.Options;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Gastown's own overhead around a real agent CLI: sling → merged, minus the CLI's own work (its process start to its
/// gt_done call, from the agent's stream). The model is the scripted model server, so it costs ~0. Per installed CLI,
/// sequential slings into one rig of a real server process.
/// </summary>
public static class AgentOverheadScenario
{
    private static readonly Dictionary<string, string> Models = new()
    {
        ["claude"] = "claude-sonnet-4-5", ["codex"] = "gpt-5-codex", ["opencode"] = "gpt-5", ["kilo"] = "gpt-5", ["gemini"] = "gemini-2.5-pro",
    };

    private sealed record StreamEvent(DateTimeOffset At, string Kind, string Text, Dictionary<string, string>? Detail);

    public static async Task RunAsync(RunOptions options)
    {
        var runs = options.Quick ? 3 : 10;
        var tools = new AgentTools(Options.Create(new AgentsOptions { ToolsDirectory = Path.Combine(options.RepositoryRoot, "tools", "agents") }));
        Console.WriteLine($"== agents: Gastown's overhead around a real CLI run ({runs} slings per CLI)");
        // GASTOWN_BENCH_AGENTS=claude,codex measures only those.
        var only = Environment.GetEnvironmentVariable("GASTOWN_BENCH_AGENTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var cli in AgentClis.All.Where(cli => only is not { Length: > 0 } || only.Contains(cli.Preset)))
        {
            if (tools.Resolve(cli.Binary) is null)
            {
                Report.Note($"agents: {cli.Preset} is not installed (agents install), skipped");
                continue;
            }
            try
            {
                await MeasureAsync(options, cli, runs);
            }
            catch (Exception exception)
            {
                Report.Note($"agents: {cli.Preset} failed: {exception.GetType().Name}: {exception.Message}");
            }
        }
    }

    private static async Task MeasureAsync(RunOptions options, AgentCli cli, int runs)
    {
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gastown-bench-agents-{Guid.NewGuid():N}")).FullName;
        await using var model = await ScriptedModelServer.StartAsync(ModelScript.Complete);
        try
        {
            var origin = await Git.OriginAsync(root, "origin.git");
            var environment = new Dictionary<string, string>
            {
                ["Gastown__Agents__Polecat__Preset"] = cli.Preset,
                ["Gastown__Agents__Polecat__Model"] = Models[cli.Preset],
                ["Gastown__Agents__ToolsDirectory"] = Path.Combine(options.RepositoryRoot, "tools", "agents"),
                ["Gastown__Agents__Endpoints__Anthropic__BaseUrl"] = model.BaseUrl,
                ["Gastown__Agents__Endpoints__Anthropic__ApiKey"] = "sk-bench",
                ["Gastown__Agents__Endpoints__OpenAI__BaseUrl"] = model.BaseUrl,
                ["Gastown__Agents__Endpoints__OpenAI__ApiKey"] = "sk-bench",
                ["Gastown__Agents__Endpoints__Gemini__BaseUrl"] = model.BaseUrl,
                ["Gastown__Agents__Endpoints__Gemini__ApiKey"] = "sk-bench",
                ["Gastown__Git__AllowLocalRepositories"] = "true",
                ["Gastown__Container__StopGracePeriod"] = "00:02:00",
            };
            await using var server = await ServerProcess.StartAsync(options.RepositoryRoot, Path.Combine(root, "data"), environment);
            var tokenLine = await server.WaitForLineAsync("Admin token: ", TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no admin token");
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenLine.Line["Admin token: ".Length..].Trim());
            var town = await PostAsync(http, "api/towns", new { name = "bench" });
            var rig = await PostAsync(http, $"api/towns/{town.GetProperty("id").GetGuid()}/rigs", new { name = "web", gitUrl = origin });
            var rigId = rig.GetProperty("id").GetGuid();
            var townId = town.GetProperty("id").GetGuid();

            var overheads = new List<double>();
            var cliTimes = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var sent = DateTimeOffset.UtcNow;
                var sling = await PostAsync(http, $"api/rigs/{rigId}/sling", new { title = $"Greeting {run}" });
                var beadId = sling.GetProperty("bead").GetProperty("id").GetGuid();
                var agentId = sling.GetProperty("agent").GetProperty("id").GetGuid();
                var merged = await MergedAtAsync(http, rigId, beadId);
                var events = await StreamAsync(http, townId, agentId);
                // This run's process: the last start before its gt_done.
                var done = events.Last(e => e.Kind == "tool_call" && e.Detail?.GetValueOrDefault("tool")?.EndsWith("gt_done", StringComparison.Ordinal) == true);
                var started = events.Last(e => e.Kind == "status" && e.Text.StartsWith("started", StringComparison.Ordinal) && e.At <= done.At);
                var cliTime = (done.At - started.At).TotalMilliseconds;
                cliTimes.Add(cliTime);
                overheads.Add((merged - sent).TotalMilliseconds - cliTime);
            }

            var overhead = new Stats(overheads);
            var work = new Stats(cliTimes);
            Report.Add(new Figure("agents", $"{cli.Preset} {cli.Version}: sling→merged minus CLI run (p50 / p99)",
                $"{Report.F(overhead.P50 / 1000)} s / {Report.F(overhead.P99 / 1000)} s", $"CLI run p50 {Report.F(work.P50 / 1000)} s", "-",
                "p50 < 1 s", overhead.P50 < 1000, $"n={overhead.Count}"));
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Polls the bead (50 ms) until it is closed; answers when that was seen.</summary>
    private static async Task<DateTimeOffset> MergedAtAsync(HttpClient http, Guid rigId, Guid beadId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            var beads = await http.GetFromJsonAsync<JsonElement>($"api/rigs/{rigId}/beads?status=closed&limit=500");
            if (beads.EnumerateArray().Any(bead => bead.GetProperty("id").GetGuid() == beadId)) return DateTimeOffset.UtcNow;
            await Task.Delay(50);
        }
        throw new TimeoutException($"bead {beadId} was not merged within 5 minutes");
    }

    private static async Task<List<StreamEvent>> StreamAsync(HttpClient http, Guid townId, Guid agentId)
    {
        var url = (await http.GetFromJsonAsync<JsonElement>($"api/towns/{townId}/agents/{agentId}/stream-url")).GetProperty("url").GetString()!;
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(url), CancellationToken.None);
        return await AgentStreamReader.ReadToCloseAsync<StreamEvent>(socket, TimeSpan.FromMinutes(3), new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
