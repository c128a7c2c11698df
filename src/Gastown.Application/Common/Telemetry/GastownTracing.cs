using System.Diagnostics;

namespace Gastown.Application.Common.Telemetry;

/// <summary>
/// The one activity source of Gastown ("Gastown"). A bead's story is a set of spans (sling, tick, dispatch, done,
/// merge) that each carry the bead id as <see cref="BeadTag"/>: they happen in different requests and jobs, so
/// they are found together by that tag rather than by one parent. Spans cost nothing unless a listener (the OTLP
/// exporter) is configured.
/// </summary>
public static class GastownTracing
{
    public const string SourceName = "Gastown";
    public const string BeadTag = "gastown.bead.id";
    public const string StoreTag = "gastown.store.id";
    public const string AgentTag = "gastown.agent.id";

    public static readonly ActivitySource Source = new(SourceName);

    public static Activity? Start(string name, Guid? storeId = null, Guid? beadId = null, Guid? agentId = null)
    {
        var activity = Source.StartActivity(name);
        if (activity is null) return null;
        if (storeId is { } store) activity.SetTag(StoreTag, store.ToString());
        if (beadId is { } bead) activity.SetTag(BeadTag, bead.ToString());
        if (agentId is { } agent) activity.SetTag(AgentTag, agent.ToString());
        return activity;
    }
}
