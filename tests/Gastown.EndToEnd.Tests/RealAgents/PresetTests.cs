using Gastown.Infrastructure.Agents;
using Shouldly;

namespace Gastown.EndToEnd.Tests.RealAgents;

/// <summary>
/// Sling → the real CLI works the bead (gt_prime, its own write tool, gt_done) → merged, closed, usage stored, tool
/// calls streamed. Each preset twice: under a pinned model, and with no model configured (the CLI's own default, which
/// for Codex means code mode: the gt_* tools reached only through its <c>exec</c> tool).
/// </summary>
public abstract class PresetTest(string preset, string? model) : RealAgentTest(preset, model)
{
    [Fact]
    public async Task A_slung_bead_is_worked_by_the_real_cli_and_merged()
    {
        RequireCli();
        var (bead, sling, elapsed) = await SlingAndMergeAsync("Add a greeting");
        Report($"{Preset}: sling → merged", elapsed);

        await AssertMergedFileAsync(bead.Id, sling.Agent!.Name);
        var events = (await Api.EventsAsync(RigId, bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain("review_submitted");
        events.ShouldContain("merged");
        events.ShouldNotContain("completed_without_done", "the CLI called gt_done itself");
        await AssertUsageAsync(bead.Id);
        await AssertUsageMetricsAsync(bead.Id);
        AssertStreamShowsWork(await StreamAsync(sling.Agent.Id));
        Server.Log.ShouldNotContain(ApiKey);
        // The model the CLI asked for: the pinned one, else the pinned CLI's own default (what `agents list` shows).
        Model.Models.ShouldContain(ConfiguredModel ?? AgentPresets.CliDefaultModel(AgentClis.Find(Preset)!), Diagnostics);
        ReportSizes();
    }

    /// <summary>A fresh run's requests, the baseline of a resumed run's (docs/benchmarks.md, "Resumed runs").</summary>
    private void ReportSizes()
    {
        var turns = Model.Turns;
        var line = $"{Preset} ({ConfiguredModel ?? "default model"}): fresh run: {turns.Count} turn(s), first request {turns[0].RequestChars} chars, "
                   + $"{turns.Sum(turn => (long)turn.RequestChars)} chars in all";
        Measured(line);
    }
}

public sealed class ClaudeCodeTests() : PresetTest("claude", "claude-sonnet-4-5");

public sealed class ClaudeCodeDefaultModelTests() : PresetTest("claude", null);

public sealed class CodexTests() : PresetTest("codex", "gpt-5-codex");

/// <summary>Codex's default model gets the MCP tools only as deferred nested tools of code mode (issue 24).</summary>
public sealed class CodexDefaultModelTests() : PresetTest("codex", null);

public sealed class OpenCodeTests() : PresetTest("opencode", "gpt-5");

public sealed class OpenCodeDefaultModelTests() : PresetTest("opencode", null);

public sealed class KiloTests() : PresetTest("kilo", "gpt-5");

public sealed class KiloDefaultModelTests() : PresetTest("kilo", null);

public sealed class GeminiCliTests() : PresetTest("gemini", "gemini-2.5-pro");

public sealed class GeminiCliDefaultModelTests() : PresetTest("gemini", null);
