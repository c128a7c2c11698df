using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// Where a trace's allocations come from: the GC's allocation samples (<c>dotnet-trace collect --profile gc-verbose</c>,
/// one per ~100 KB allocated) summed by type and by the first stack frame whose name contains a filter ("Gastown" by
/// default), i.e. by the Gastown code that caused them.
/// <code>dotnet run -c Release --project bench/Gastown.Benchmarks -- alloc-report trace.nettrace [filter]</code>
/// (TraceEvent comes with BenchmarkDotNet.)
/// </summary>
public static class AllocationReport
{
    public static int Run(string path, string filter)
    {
        var etlx = TraceLog.CreateFromEventPipeDataFile(path);
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<string, long>();
        var byFrame = new Dictionary<string, long>();
        var byPair = new Dictionary<string, long>();
        long total = 0;
        foreach (var traceEvent in log.Events)
        {
            if (traceEvent is not GCAllocationTickTraceData tick) continue;
            var amount = tick.AllocationAmount64;
            total += amount;
            byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + amount;
            string? first = null;
            string? allocating = null;
            for (var frame = traceEvent.CallStack(); frame is not null; frame = frame.Caller)
            {
                var name = frame.CodeAddress.FullMethodName;
                if (string.IsNullOrEmpty(name)) continue;
                allocating ??= name;
                if (!name.Contains(filter, StringComparison.Ordinal)) continue;
                first = name;
                break;
            }
            var key = first ?? $"(no {filter} frame)";
            byFrame[key] = byFrame.GetValueOrDefault(key) + amount;
            var pair = $"{key}  <=  {allocating ?? "?"} [{tick.TypeName}]";
            byPair[pair] = byPair.GetValueOrDefault(pair) + amount;
        }
        if (total == 0)
        {
            Console.WriteLine("No allocation samples: collect with --profile gc-verbose.");
            return 1;
        }
        Console.WriteLine($"sampled allocations: {total / 1024.0 / 1024:0.0} MB");
        Print("by type", byType, 25, total);
        Print($"by first frame containing '{filter}'", byFrame, 40, total);
        Print("by (that frame, allocating frame, type)", byPair, 40, total);
        return 0;
    }

    private static void Print(string title, Dictionary<string, long> sums, int top, long total)
    {
        Console.WriteLine($"== {title}");
        foreach (var (key, value) in sums.OrderByDescending(pair => pair.Value).Take(top))
            Console.WriteLine($"{100.0 * value / total,5:0.0} %  {key}");
    }
}
