using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Gastown.Infrastructure.Agents;
using Microsoft.Extensions.Options;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

public sealed record AgentStreamEvent(long Sequence, string Kind, string? Stream, string Text, Dictionary<string, string>? Detail);

public sealed record ConversationLine(Guid Id, string From, string Text, Guid? InReplyTo, string? Status);

public sealed record MayorConversationView(AgentView? Mayor, List<ConversationLine> Conversation);

/// <summary>
/// A real server whose polecats and mayor run one real agent CLI (installed under tools/agents), pointed at a
/// <see cref="ScriptedModelServer"/> in place of the LLM. A missing CLI skips the test with the reason — except
/// under CI=true, where it fails.
/// </summary>
/// <param name="model">The model configured for both roles; null: none, each CLI asks for its own default.</param>
public abstract class RealAgentTest(string preset, string? model, ModelScript script = ModelScript.Complete) : ServerTest
{
    // Recognisable, so a test can prove no key ever reaches a stream, a log or a commit.
    protected readonly string ApiKey = $"sk-scripted-{Guid.NewGuid():N}";

    protected ScriptedModelServer Model { get; private set; } = null!;

    protected string Preset => preset;

    /// <summary>Restarts before the bead is given up: few, so a failing agent is escalated quickly.</summary>
    protected virtual int MaxRestarts => 1;

    protected override async Task BeforeServerStartAsync() => Model = await ScriptedModelServer.StartAsync(script);

    protected override async ValueTask AfterServerStopAsync() => await Model.DisposeAsync();

    protected string? ConfiguredModel => model;

    protected override IReadOnlyDictionary<string, string> Settings => WithModel(new Dictionary<string, string>
    {
        ["Gastown:Agents:Polecat:Preset"] = preset,
        ["Gastown:Agents:Mayor:Preset"] = preset,
        ["Gastown:Agents:Endpoints:Anthropic:BaseUrl"] = Model.BaseUrl,
        ["Gastown:Agents:Endpoints:Anthropic:ApiKey"] = ApiKey,
        ["Gastown:Agents:Endpoints:OpenAI:BaseUrl"] = Model.BaseUrl,
        ["Gastown:Agents:Endpoints:OpenAI:ApiKey"] = ApiKey,
        ["Gastown:Agents:Endpoints:Gemini:BaseUrl"] = Model.BaseUrl,
        ["Gastown:Agents:Endpoints:Gemini:ApiKey"] = ApiKey,
        ["Gastown:Container:StopGracePeriod"] = StopGracePeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Gastown:Alarm:MaxRestarts"] = MaxRestarts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private Dictionary<string, string> WithModel(Dictionary<string, string> settings)
    {
        if (model is null) return settings;
        settings["Gastown:Agents:Polecat:Model"] = model;
        settings["Gastown:Agents:Mayor:Model"] = model;
        return settings;
    }

    /// <summary>
    /// A CLI finishes on its own after gt_done (its final text and usage) rather than being cut off. Kilo under a
    /// saturated machine was seen to linger over a minute after its usage before exiting; the server ends it after this.
    /// </summary>
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Long enough for the slowest CLI: Kilo takes ~40–90 s a run on a 2-core machine, and several minutes when the
    /// machine is saturated (only a failing test waits this long).
    /// </summary>
    protected static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Skips (or under CI=true fails) when the preset's CLI is not installed.</summary>
    protected void RequireCli()
    {
        var cli = AgentClis.Find(preset)!;
        if (new AgentTools(Options.Create(new AgentsOptions())).Resolve(cli.Binary) is not null) return;
        var reason = $"the {preset} CLI ({cli.Package} {cli.Version}) is not installed: run `dotnet run --project src/Gastown.Web -- agents install`";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason);
        Assert.Skip(reason);
    }

    /// <summary>The first run's prompt says this; a resumed run's new message never does (its session already holds it).</summary>
    protected const string FirstPromptOnly = "1. Call gt_prime first";

    /// <summary>Ends a CLI a kill -9 of the server orphaned (as any crash would), before the next run starts.</summary>
    protected static void KillTree(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }

    protected string Diagnostics => $"model requests:\n{string.Join("\n", Model.Requests)}\nserver log (tail):\n{Tail(Server.Log, 60)}";

    /// <summary>The whole loop: sling → the CLI works → merged. Answers the closed bead and the time it took.</summary>
    protected async Task<(BeadView Bead, SlingView Sling, TimeSpan Elapsed)> SlingAndMergeAsync(string title)
    {
        var clock = Stopwatch.StartNew();
        var sling = await Api.SlingAsync(RigId, title, $"Write {ScriptedModelServer.FileName} with a greeting.");
        var settled = await WaitForBeadAsync(sling.Bead.Id, bead => bead.Status == "closed" || bead.EscalatedAt is not null, $"bead '{title}' to be merged");
        settled.Status.ShouldBe("closed", Diagnostics);
        return (settled, sling, clock.Elapsed);
    }

    /// <summary>
    /// Slings a bead whose run the scripted model holds in the middle of its work (after gt_prime, its file write
    /// unanswered until <see cref="ScriptedModelServer.Release"/>); answers the sling and the agent working on it.
    /// </summary>
    protected async Task<(SlingView Sling, AgentView Working)> SlingHeldMidWorkAsync(string title)
    {
        Model.HoldWrites();
        var sling = await Api.SlingAsync(RigId, title, $"Write {ScriptedModelServer.FileName} with a greeting.");
        var working = await Eventually.MatchAsync(async () => (await Api.AgentsAsync(RigId)).Single(),
            agent => agent is { Status: "working", ProcessId: not null } && Model.Held > 0, "the first run to be held mid-work", RunTimeout);
        return (sling, working);
    }

    /// <summary>Nudges the agent as a person does (<c>POST …/nudge</c>); answers the response (its mail and where it went).</summary>
    protected async Task<JsonElement> NudgeAsync(Guid agentId, string message)
    {
        using var response = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/agents/{agentId}/nudge", new { message });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The bead once it meets <paramref name="condition"/> (within RunTimeout); else fails with the model's requests and the server's log.</summary>
    protected async Task<BeadView> WaitForBeadAsync(Guid beadId, Func<BeadView, bool> condition, string what)
    {
        try
        {
            return await Eventually.MatchAsync(() => Api.BeadAsync(RigId, beadId), condition, what, RunTimeout);
        }
        catch (Exception e) when (e is TimeoutException or ShouldAssertException)
        {
            throw new ShouldAssertException($"{e.Message}\n{Diagnostics}", e);
        }
    }

    protected async Task AssertMergedFileAsync(Guid beadId, string agentName)
    {
        var log = await Origin.LogAsync();
        log[0].ShouldStartWith($"Merge gt/{agentName.ToLowerInvariant()}/{beadId.ToString("N")[..8]}", customMessage: string.Join("\n", log));
        (await Origin.ShowFileAsync(ScriptedModelServer.FileName)).ShouldStartWith(ScriptedModelServer.FileContent + "\n");
        // The per-run config a CLI needs in its worktree (Gemini's) is excluded, never committed; no key is in any commit.
        var tree = await BareRepository.GitAsync(Origin.Path, "ls-tree", "-r", "--name-only", "main");
        tree.ShouldNotContain(".gemini");
        (await BareRepository.GitAsync(Origin.Path, "log", "-p", "main")).ShouldNotContain(ApiKey);
    }

    /// <summary>Waits until the bead shows the usage the scripted model reported.</summary>
    protected async Task<UsageView> AssertUsageAsync(Guid beadId)
    {
        var bead = await Eventually.MatchAsync(() => Api.BeadAsync(RigId, beadId),
            b => b.Usage is { InputTokens: > 0, OutputTokens: > 0, CachedTokens: > 0 }, "the bead's usage");
        // Every answer of the scripted model reports the same numbers, so the sums are multiples of them.
        (bead.Usage!.OutputTokens % ScriptedModelServer.OutputTokens).ShouldBe(0);
        (bead.Usage.CachedTokens % ScriptedModelServer.CachedTokens).ShouldBe(0);
        return bead.Usage;
    }

    /// <summary>
    /// The usage counters of /metrics for this rig and preset come to what the bead stored (one polecat ran). Each
    /// report is counted at once and stored in the background, so the two are compared until they agree.
    /// </summary>
    protected async Task AssertUsageMetricsAsync(Guid beadId)
    {
        (string, string) rig = ("store", RigId.ToString()), cli = ("preset", Preset);
        string Figures(PrometheusText scrape, UsageView usage) =>
            $"metrics {scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "input"))}/{scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "output"))}/"
            + $"{scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "cached"))}/{scrape.Sum("gastown_usage_cost_usd_total", rig, cli):0.######}, "
            + $"stored {usage.InputTokens}/{usage.OutputTokens}/{usage.CachedTokens}/{usage.CostUsd ?? 0:0.######}";
        var last = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var usage = (await Api.BeadAsync(RigId, beadId)).Usage!;
                var scrape = await ScrapeAsync();
                last = Figures(scrape, usage);
                return scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "input")) == usage.InputTokens
                    && scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "output")) == usage.OutputTokens
                    && scrape.Sum("gastown_usage_tokens_total", rig, cli, ("kind", "cached")) == usage.CachedTokens
                    && Math.Abs(scrape.Sum("gastown_usage_cost_usd_total", rig, cli) - (double)(usage.CostUsd ?? 0)) < 1e-6;
            }, "the usage metrics to equal the stored usage");
        }
        catch (Exception e) when (e is TimeoutException or ShouldAssertException)
        {
            throw new ShouldAssertException($"{e.Message}\n{last}", e);
        }
    }

    /// <summary>The agent's stream (history, then the close at the end of its run) as a user watching it gets it.</summary>
    protected async Task<List<AgentStreamEvent>> StreamAsync(Guid agentId, Func<List<AgentStreamEvent>, bool>? enough = null)
    {
        var stream = await Api.StreamUrlAsync(TownId, agentId);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(stream.Url), CancellationToken.None);
        // To its close: the CLI exits by itself, or the server stops it once the grace period is over.
        return await AgentStreamReader.ReadUntilAsync(socket, StopGracePeriod + TimeSpan.FromSeconds(60), GastownApi.Json, enough ?? (_ => false));
    }

    /// <summary>The stream showed the named gt_* tool calls (polecat: gt_prime and gt_done), a successful result and usage; never the key.</summary>
    protected void AssertStreamShowsWork(List<AgentStreamEvent> events, params string[] tools)
    {
        var calls = events.Where(e => e.Kind == "tool_call").Select(e => e.Detail!["tool"]).ToList();
        var all = string.Join("\n", events.Select(e => $"[{e.Kind}] {e.Text}"));
        foreach (var expected in tools.Length == 0 ? ["gt_prime", "gt_done"] : tools)
            calls.ShouldContain(tool => tool.EndsWith(expected, StringComparison.Ordinal), all);
        events.ShouldContain(e => e.Kind == "tool_result" && e.Detail!["ok"] == "true", all);
        events.ShouldContain(e => e.Kind == "usage" && long.Parse(e.Detail!["outputTokens"], System.Globalization.CultureInfo.InvariantCulture) > 0, all);
        all.ShouldNotContain(ApiKey);
    }

    protected Task<MayorConversationView> MayorAsync() =>
        Api.Http.GetFromJsonAsync<MayorConversationView>($"api/towns/{TownId}/mayor", GastownApi.Json)!;

    /// <summary>A measured figure: in the test's output, and (the runner shows no output of a passing test) appended to GASTOWN_MEASURE_FILE.</summary>
    protected static void Measured(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("GASTOWN_MEASURE_FILE") is { Length: > 0 } file) File.AppendAllLines(file, [line]);
    }

    protected static void Report(string what, TimeSpan elapsed) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: {elapsed.TotalSeconds:F1} s");

    private static string Tail(string text, int lines) => string.Join("\n", text.Split('\n').TakeLast(lines));
}
