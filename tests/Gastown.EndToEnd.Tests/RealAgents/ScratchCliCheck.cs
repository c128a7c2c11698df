using System.Diagnostics;
using System.Text.Json.Nodes;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Agents;
using Gastown.Infrastructure.Container;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gastown.EndToEnd.Tests.RealAgents;

public sealed class ScratchCliCheck
{
    [Theory]
    [InlineData("claude", "claude-sonnet-4-5")]
    [InlineData("codex", "gpt-5-codex")]
    [InlineData("opencode", "gpt-5")]
    [InlineData("kilo", "gpt-5")]
    [InlineData("gemini", "gemini-2.5-pro")]
    public async Task Run(string preset, string model)
    {
        if (Environment.GetEnvironmentVariable("SCRATCH") != preset) return;
        await using var llm = await ScriptedModelServer.StartAsync(ModelScript.Complete);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var log = new List<string>();
        app.Run(async context =>
        {
            lock (log) log.Add($"{context.Request.Method} {context.Request.Path} auth={context.Request.Headers.Authorization}");
            if (context.Request.Method != "POST") { context.Response.StatusCode = 405; return; }
            var request = await JsonNode.ParseAsync(context.Request.Body);
            var method = request?["method"]?.GetValue<string>();
            lock (log) log.Add($"  {method} {request?["params"]?.ToJsonString()}");
            if (request?["id"] is null) { context.Response.StatusCode = 202; return; }
            JsonNode result = method switch
            {
                "initialize" => new JsonObject { ["protocolVersion"] = request["params"]?["protocolVersion"]?.GetValue<string>() ?? "2025-06-18", ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() }, ["serverInfo"] = new JsonObject { ["name"] = "gastown", ["version"] = "1" } },
                "tools/list" => new JsonObject { ["tools"] = new JsonArray(
                    new JsonObject { ["name"] = "gt_prime", ["description"] = "Who am I", ["inputSchema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() } },
                    new JsonObject { ["name"] = "gt_done", ["description"] = "Done", ["inputSchema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "string" } } } }) },
                "tools/call" => new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "ok" }) },
                _ => new JsonObject(),
            };
            await context.Response.WriteAsJsonAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = request["id"]!.DeepClone(), ["result"] = result });
        });
        await app.StartAsync();
        var mcpBase = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var root = "/tmp/scratch/" + preset + "-" + Guid.NewGuid().ToString("N")[..6];
        var work = Directory.CreateDirectory(Path.Combine(root, "work")).FullName;
        var home = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
        Process.Start("git", ["-C", work, "init", "-q"])!.WaitForExit();
        var options = new AgentsOptions();
        options.Polecat.Preset = preset;
        options.Polecat.Model = model;
        options.Endpoints.Anthropic.BaseUrl = llm.BaseUrl; options.Endpoints.Anthropic.ApiKey = "sk-test";
        options.Endpoints.OpenAI.BaseUrl = llm.BaseUrl; options.Endpoints.OpenAI.ApiKey = "sk-test";
        options.Endpoints.Gemini.BaseUrl = llm.BaseUrl; options.Endpoints.Gemini.ApiKey = "sk-test";
        var presets = new AgentPresets(Options.Create(options), Options.Create(new ContainerOptions()), new AgentTools(Options.Create(options)));
        var launch = new AgentLaunch(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), AgentRole.Polecat, "Maple", 1, "Add a greeting", "kilo/auto", "tok-123", null, "gt/maple/1234");
        var built = presets.Build(launch, work, home, new Uri(new Uri(mcpBase), "mcp"), null);
        Assert.True(built.IsSuccess, string.Join(";", built.Errors));
        var inv = built.Value;
        foreach (var (p, c) in inv.WorkspaceFiles) { Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(work, p))!); File.WriteAllText(Path.Combine(work, p), c); }
        var start = new ProcessStartInfo(inv.FileName) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in inv.Arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in inv.Environment) start.Environment[k] = v;
        start.Environment["GASTOWN_SESSION_TOKEN"] = "tok-123"; start.Environment["PWD"] = work;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var outTask = process.StandardOutput.ReadToEndAsync();
        var errTask = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(150_000);
        if (!exited) process.Kill(true);
        var stdout = await outTask; var stderr = await errTask;
        var parsed = new List<string>();
        var parser = inv.Parser!;
        foreach (var line in stdout.Split('\n'))
        {
            var events = new List<Gastown.Infrastructure.Agents.Streams.ParsedAgentEvent>();
            if (parser.TryParse(line, events)) parsed.AddRange(events.Select(e => $"[{e.Kind}] {e.Text}"));
            else if (line.Length > 0) parsed.Add("[output] " + line);
        }
        File.WriteAllText(Path.Combine(root, "report.txt"),
            $"exit={(exited ? process.ExitCode : -999)} secs={sw.Elapsed.TotalSeconds:F1} session={parser.SessionId}\nfile={(File.Exists(Path.Combine(work, ScriptedModelServer.FileName)) ? File.ReadAllText(Path.Combine(work, ScriptedModelServer.FileName)) : "MISSING")}\n--- llm\n{string.Join("\n", llm.Requests)}\n--- mcp\n{string.Join("\n", log)}\n--- parsed\n{string.Join("\n", parsed)}\n--- stdout\n{stdout}\n--- stderr\n{stderr}");
    }
}
