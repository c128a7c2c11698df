using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Benchmarks.Support;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 7: one gt_status tool call over MCP (POST /mcp, a JSON-RPC tools/call answered as one SSE event,
/// stateless) against the same call on the HTTP agent API (POST /api/agent/{id}/status), on the same server, agent
/// and loopback client, in interleaved rounds. Also the same tool call through the SDK's MCP client (what the demo
/// agent pays: its own request building and SSE parsing on top).
/// </summary>
public static class McpToolCallScenario
{
    public const string Name = "7 MCP tool call";

    public static async Task RunAsync(RunOptions options)
    {
        var samples = options.Quick ? 300 : 1500;
        Console.WriteLine($"== {Name}: gt_status over MCP vs POST /api/agent/{{id}}/status, {samples} samples each");

        await using var server = new BenchServer(new BenchContainer());
        var user = await server.CreateUserAsync("bench");
        using var dashboard = server.CreateLoopbackClient(user.Token);
        var town = await GastownApi.CreateTownAsync(dashboard, "bench");
        var rig = await GastownApi.CreateRigAsync(dashboard, town, "web");
        var (_, agentId) = await GastownApi.SlingAsync(dashboard, rig, "Report my status");
        var agent = agentId ?? throw new InvalidOperationException("the sling hooked no agent");

        // Wait for the dispatch (a new generation), then mint the session token that dispatch would hand the agent.
        var generation = 0;
        var deadline = Stopwatch.StartNew();
        while (generation == 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the agent was not dispatched");
            var agents = await dashboard.GetFromJsonAsync<JsonElement>($"/api/rigs/{rig}/agents");
            generation = agents.EnumerateArray().Single(a => a.GetProperty("id").GetGuid() == agent).GetProperty("generation").GetInt32();
            if (generation == 0) await Task.Delay(50);
        }
        var token = server.Services.GetRequiredService<IAgentTokens>().Issue(new AgentClaims(agent, rig, town, user.UserId, generation));
        using var http = server.CreateLoopbackClient(token);

        long sequence = 0;
        async Task HttpAsync()
        {
            using var response = await http.PostAsJsonAsync($"/api/agent/{agent}/status", new { message = $"step {++sequence}" });
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"status: {(int)response.StatusCode}");
            await response.Content.ReadAsByteArrayAsync();
        }

        async Task McpAsync()
        {
            var id = ++sequence;
            var body = JsonSerializer.Serialize(new
            {
                jsonrpc = "2.0", id, method = "tools/call",
                @params = new { name = "gt_status", arguments = new { message = $"step {id}" } },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Accept.ParseAdd("application/json");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Add("MCP-Protocol-Version", "2025-06-18");
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !text.Contains("statusLine", StringComparison.Ordinal) || text.Contains("\"isError\":true", StringComparison.Ordinal))
                throw new InvalidOperationException($"tools/call: {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
        }

        await using var client = await McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(server.BaseAddress, "mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
            }, server.CreateLoopbackClient(null), ownsHttpClient: true),
            new McpClientOptions { ProtocolVersion = "2025-06-18" });
        async Task SdkAsync()
        {
            var result = await client.CallToolAsync("gt_status", new Dictionary<string, object?> { ["message"] = $"step {++sequence}" });
            if (result.IsError == true) throw new InvalidOperationException("gt_status failed");
        }

        var cases = new (string Label, Func<Task> Run)[] { ("http", HttpAsync), ("mcp", McpAsync), ("mcp sdk client", SdkAsync) };
        // Interleaved rounds (every case once per round), so drift on a shared machine hits all cases alike.
        var timings = cases.ToDictionary(c => c.Label, _ => new List<double>());
        for (var round = -50; round < samples; round++)
            foreach (var (label, run) in cases)
            {
                var started = Stopwatch.GetTimestamp();
                await run();
                if (round >= 0) timings[label].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        var s = timings.ToDictionary(t => t.Key, t => new Stats(t.Value));
        foreach (var (label, stats) in s) Console.WriteLine($"  {label}: {stats}");

        var (mcp, rest, sdk) = (s["mcp"], s["http"], s["mcp sdk client"]);
        Add(new Figure(Name, "gt_status over MCP (tools/call)", $"p50 {F(mcp.P50)} ms, p99 {F(mcp.P99)} ms",
            $"POST /api/agent/{{id}}/status p50 {F(rest.P50)} ms", $"{F(mcp.P50 / rest.P50)}×", "≤ 1.5×", mcp.P50 / rest.P50 <= 1.5));
        Add(new Figure(Name, "gt_status through the SDK's MCP client", $"p50 {F(sdk.P50)} ms, p99 {F(sdk.P99)} ms",
            $"POST /api/agent/{{id}}/status p50 {F(rest.P50)} ms", $"{F(sdk.P50 / rest.P50)}×", "≤ 1.5×", sdk.P50 / rest.P50 <= 1.5));
    }
}
