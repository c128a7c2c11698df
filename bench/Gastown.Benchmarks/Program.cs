using System.Diagnostics;
using System.Runtime.InteropServices;
using Gastown.Benchmarks.Scenarios;
using Gastown.Benchmarks.Support;

namespace Gastown.Benchmarks;

/// <summary>
/// Gastown benchmarks: every figure is a ratio against a baseline measured in the same run (shared, noisy machines).
/// <code>
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- all [--quick]
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- sling|sling-pg|http|http-nodes|dispatch|list|delay|idle|mcp|agents|drain|tick [--quick] [--rigs N]
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- drain [--quick] [--beads N] [--gate]
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- sandbox [--quick] [--beads N]
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- convoy [--quick] [--beads N] [--convoys N] [--ticks N]
///   dotnet run -c Release --project bench/Gastown.Benchmarks -- alloc-report trace.nettrace [frame filter]
/// </code>
/// See docs/benchmarks.md.
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        var scenarios = new (string Key, Func<RunOptions, Task> Run)[]
        {
            ("sling", options => { SlingPipelineScenario.Run(options); return Task.CompletedTask; }),
            ("sling-pg", PostgresSlingScenario.RunAsync),
            ("http", HttpSlingScenario.RunAsync),
            ("http-nodes", HttpNodesScenario.RunAsync),
            ("dispatch", DispatchLatencyScenario.RunAsync),
            ("list", ListBeadsScenario.RunAsync),
            ("delay", ContainerDelayScenario.RunAsync),
            ("idle", IdleRigsScenario.RunAsync),
            ("mcp", McpToolCallScenario.RunAsync),
            ("agents", AgentOverheadScenario.RunAsync),
            ("tick", QuietTickScenario.RunAsync),
            ("drain", DrainScenario.RunAsync),
            ("sandbox", SandboxScenario.RunAsync),
            ("convoy", ConvoyScenario.RunAsync),
        };

        // Not a scenario: summarizes an allocation trace taken with dotnet-trace (docs/benchmarks.md, round 3).
        if (args is ["alloc-report", var tracePath, ..]) return AllocationReport.Run(tracePath, args.Length > 2 ? args[2] : "Gastown");

        var quick = args.Contains("--quick");
        int? idleRigs = null;
        var rigsAt = Array.IndexOf(args, "--rigs");
        if (rigsAt >= 0 && rigsAt + 1 < args.Length) idleRigs = int.Parse(args[rigsAt + 1], System.Globalization.CultureInfo.InvariantCulture);
        int? IntOption(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        var selected = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToArray();
        if (selected.Length == 0 || selected.Any(s => s != "all" && scenarios.All(x => x.Key != s)))
        {
            Console.WriteLine("usage: Gastown.Benchmarks all|" + string.Join('|', scenarios.Select(s => s.Key)) + " [more…] [--quick] [--rigs N] [--beads N] [--gate] [--ticks N] [--convoys N]");
            return 2;
        }

        var root = RunOptions.FindRepositoryRoot();
        var artifacts = Path.Combine(root, "bench", "Gastown.Benchmarks", "BenchmarkDotNet.Artifacts");
        Directory.CreateDirectory(artifacts);
        var options = new RunOptions(quick, artifacts, root, idleRigs) { Beads = IntOption("--beads"), Gate = args.Contains("--gate"), Ticks = IntOption("--ticks"), Convoys = IntOption("--convoys") };

        var started = Stopwatch.StartNew();
        Console.WriteLine($"Gastown benchmarks{(quick ? " (quick)" : "")} — {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {DateTime.UtcNow:u}");
        foreach (var (key, run) in scenarios)
        {
            if (!selected.Contains("all") && !selected.Contains(key)) continue;
            // Real agent CLIs take minutes and need tools/agents installed: only when asked for by name.
            if (key == "agents" && !selected.Contains(key)) continue;
            // The drain runs hundreds of agent processes for minutes: only when asked for by name too.
            if (key == "drain" && !selected.Contains(key)) continue;
            // The town sandbox's cost (issue 21): hundreds of agent starts and two drains, so by name only as well.
            if (key == "sandbox" && !selected.Contains(key)) continue;
            // Issue 23's convoys: chains of demo agents on real git and 10,000 convoy beads, by name only too.
            if (key == "convoy" && !selected.Contains(key)) continue;
            var scenarioStarted = Stopwatch.StartNew();
            try
            {
                await run(options);
            }
            catch (Exception exception)
            {
                Report.Note($"scenario {key} failed: {exception.GetType().Name}: {exception.Message}");
                Console.WriteLine(exception);
            }
            Console.WriteLine($"   ({key} took {scenarioStarted.Elapsed.TotalSeconds:0} s)");
        }

        var table = Report.Markdown();
        Console.WriteLine();
        Console.WriteLine($"== Results ({started.Elapsed.TotalMinutes:0.0} min)");
        Console.WriteLine(table);
        var resultsFile = Path.Combine(artifacts, $"gastown-results-{DateTime.UtcNow:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(resultsFile, $"# Gastown benchmark results{(quick ? " (quick)" : "")}, {DateTime.UtcNow:u}\n\n{table}");
        Console.WriteLine($"(also written to {resultsFile})");
        return 0;
    }
}
