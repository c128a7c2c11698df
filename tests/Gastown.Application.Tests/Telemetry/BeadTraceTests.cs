using System.Collections.Concurrent;
using System.Diagnostics;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Common.Telemetry;
using Gastown.Application.Tests.Support;

namespace Gastown.Application.Tests.Telemetry;

/// <summary>
/// One bead's trace: the spans of the sling, its dispatch, the agent's done and the merge all carry the bead id, so a
/// tracing backend finds the whole story by that tag. A listener stands in for the OTLP exporter (the same hook).
/// </summary>
public sealed class BeadTraceTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public BeadTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GastownTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Sling_dispatch_done_and_merge_are_spans_tagged_with_the_bead_id()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        (await _app.TickAsync(polecat.Rig.Id)).Dispatched.ShouldBe(1);
        (await _app.SendAsync(polecat.Session(1), new DoneCommand(polecat.Agent.Id, null, "Added."))).ShouldSucceed();
        _app.Container.QueueMerge("c0ffee1234");
        (await _app.TickAsync(polecat.Rig.Id)).Merged.ShouldBe(1);

        // Other tests run in parallel in this process: only this bead's spans count.
        var bead = polecat.Bead.Id.ToString();
        var spans = _stopped.Where(span => span.GetTagItem(GastownTracing.BeadTag) as string == bead).ToList();
        spans.Select(span => span.OperationName).ShouldBe(["sling", "dispatch", "done", "merge"]);
        spans.ShouldAllBe(span => span.GetTagItem(GastownTracing.StoreTag) as string == polecat.Rig.Id.ToString());
        spans.Single(span => span.OperationName == "merge").GetTagItem("gastown.merge.outcome").ShouldBe("merged");
        // The ticks are spans of their store.
        _stopped.Count(span => span.OperationName == "alarm.tick" && span.GetTagItem(GastownTracing.StoreTag) as string == polecat.Rig.Id.ToString())
            .ShouldBe(2);
    }
}
