using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Gastown.Benchmarks.Support;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>Runs <see cref="SlingPipelineBenchmarks"/> with BenchmarkDotNet (in process) and reports pipeline ÷ bare per shape.</summary>
public static class SlingPipelineScenario
{
    public const string Name = "1 sling pipeline";

    public static void Run(RunOptions options)
    {
        Console.WriteLine($"== {Name}: mediator pipeline vs bare Dapper transaction (BenchmarkDotNet)");
        SlingPipelineBenchmarks.Quick = options.Quick;
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(SlingPipelineBenchmarks.SlingsPerIteration)
            .WithUnrollFactor(1)
            .WithWarmupCount(options.Quick ? 2 : 5)
            .WithIterationCount(options.Quick ? 10 : 30);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(options.ArtifactsPath)
            .WithOptions(ConfigOptions.JoinSummary)
            // The breakdown methods only where they explain the ratio (the two shapes of a normal rig).
            .AddFilter(new SimpleFilter(c => c.Descriptor.WorkloadMethod.Name is nameof(SlingPipelineBenchmarks.BareDapperWrite) or nameof(SlingPipelineBenchmarks.MediatorSling)
                                             || (string?)c.Parameters["Shape"] is "hooked" or "queued"));
        var summary = BenchmarkRunner.Run<SlingPipelineBenchmarks>(config);

        foreach (var shape in SlingPipelineBenchmarks.Shapes)
        {
            var bare = Find(summary, shape, nameof(SlingPipelineBenchmarks.BareDapperWrite));
            var pipeline = Find(summary, shape, nameof(SlingPipelineBenchmarks.MediatorSling));
            if (bare is null || pipeline is null)
            {
                Note($"sling shape {shape}: no result (see the BenchmarkDotNet log)");
                continue;
            }
            var ratio = pipeline.Value.Median / bare.Value.Median;
            Add(new Figure(Name, $"sling `{shape}`: median per sling (alloc)",
                $"{F(pipeline.Value.Median / 1000, "0")} µs ({F(pipeline.Value.Allocated / 1024.0, "0.0")} KB)",
                $"bare Dapper write {F(bare.Value.Median / 1000, "0")} µs ({F(bare.Value.Allocated / 1024.0, "0.0")} KB)",
                $"{F(ratio)}×", "≤ 1.5× (issue 15)", ratio <= 1.5,
                $"throughput {F(1e9 / pipeline.Value.Median, "0")}/s vs {F(1e9 / bare.Value.Median, "0")}/s on one thread"));
            var slinger = Find(summary, shape, nameof(SlingPipelineBenchmarks.SlingerWithoutMediator));
            var open = Find(summary, shape, nameof(SlingPipelineBenchmarks.OpenWriteSessionOnly));
            var arm = Find(summary, shape, nameof(SlingPipelineBenchmarks.ArmAlarmOnly));
            if (slinger is not null && open is not null && arm is not null)
                Note($"sling `{shape}` breakdown (medians): Slinger without the mediator {F(slinger.Value.Median / 1000, "0")} µs "
                     + $"(so mediator + behaviours ≈ {F((pipeline.Value.Median - slinger.Value.Median) / 1000, "0")} µs); "
                     + $"open+rollback of a write session {F(open.Value.Median / 1000, "0")} µs; Quartz arm {F(arm.Value.Median / 1000, "0.0")} µs");
        }
    }

    private static (double Median, double Allocated)? Find(BenchmarkDotNet.Reports.Summary summary, string shape, string method)
    {
        var report = summary.Reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (string?)r.BenchmarkCase.Parameters["Shape"] == shape);
        if (report?.ResultStatistics is not { } statistics) return null;
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        return (statistics.Median, allocated);
    }
}
