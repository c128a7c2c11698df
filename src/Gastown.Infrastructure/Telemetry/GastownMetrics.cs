using System.Diagnostics.Metrics;
using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Telemetry;

/// <summary>
/// The one meter of Gastown ("Gastown"): every instrument is declared here, and recorded through
/// <see cref="IGastownMetrics"/> where the event happens. Beads by status are not counted by opening every store at
/// scrape time (one file per rig): each tick reports its store's counts while the store is open anyway, and the gauge
/// reads that cached snapshot.
/// </summary>
public sealed class GastownMetrics : IGastownMetrics, IDisposable
{
    public const string MeterName = "Gastown";

    private readonly Meter _meter;
    private readonly Counter<long> _slings;
    private readonly Counter<long> _dispatchAttempts;
    private readonly Counter<long> _dispatchFailures;
    private readonly Histogram<double> _tickPhase;
    private readonly Histogram<double> _mergeDuration;
    private readonly Counter<long> _mergeConflicts;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _costUsd;
    private readonly ConcurrentDictionary<Guid, (Guid TownId, IReadOnlyDictionary<string, int> ByStatus)> _beads = new();
    private readonly Counter<long> _budgetPauses;
    private readonly Counter<long> _rateLimitPauses;
    private readonly ConcurrentDictionary<Guid, string> _budgetPaused = new();

    public GastownMetrics(IServiceProvider services)
    {
        _meter = new Meter(MeterName);
        _slings = _meter.CreateCounter<long>("gastown.slings", "{bead}", "Beads slung to a rig");
        _dispatchAttempts = _meter.CreateCounter<long>("gastown.dispatch.attempts", "{attempt}", "Agent starts asked of the container");
        _dispatchFailures = _meter.CreateCounter<long>("gastown.dispatch.failures", "{attempt}", "Agent starts that failed, by reason");
        _tickPhase = _meter.CreateHistogram<double>("gastown.alarm.tick.phase.duration", "s", "Duration of one phase of an alarm tick");
        _mergeDuration = _meter.CreateHistogram<double>("gastown.merge.duration", "s", "Duration of one merge attempt, by outcome");
        _mergeConflicts = _meter.CreateCounter<long>("gastown.merge.conflicts", "{merge}", "Merges refused for a conflict");
        _tokens = _meter.CreateCounter<long>("gastown.usage.tokens", "{token}", "Model tokens reported by agent CLIs, by kind");
        _costUsd = _meter.CreateCounter<double>("gastown.usage.cost_usd", null, "Model cost reported by agent CLIs");
        _budgetPauses = _meter.CreateCounter<long>("gastown.budget.pauses", "{pause}", "Times a town's dispatch paused on a daily budget, by budget");
        _rateLimitPauses = _meter.CreateCounter<long>("gastown.rate_limit.pauses", "{pause}", "Agent runs refused by the model endpoint for rate or quota");
        _meter.CreateObservableGauge("gastown.budget.paused", ObserveBudgetPaused, "{town}", "1 while a town's dispatch is paused by a daily budget");
        // The container is resolved lazily: it is built after this meter and may never be (operator commands).
        _meter.CreateObservableGauge("gastown.agents.running",
            () => services.GetService(typeof(ProcessTownContainer)) is ProcessTownContainer container ? container.RunningAgents : 0,
            "{agent}", "Agent processes running in the container");
        _meter.CreateObservableGauge("gastown.beads", ObserveBeads, "{bead}", "Beads by status per rig, as of the rig's last tick");
    }

    public void Slung(Guid townId, Guid rigId, bool queued)
    {
        // On every sling: nothing to do without a listener, and with one the tags are cached (no id formatted, no array).
        if (!_slings.Enabled) return;
        _slings.Add(1, Tag("town", townId), Tag("rig", rigId), queued ? QueuedTrue : QueuedFalse);
    }

    public void DispatchAttempted(Guid townId, Guid storeId) =>
        _dispatchAttempts.Add(1, Tag("town", townId), Tag("store", storeId));

    public void DispatchFailed(Guid townId, Guid storeId, string reason) =>
        _dispatchFailures.Add(1, Tag("town", townId), Tag("store", storeId), new("reason", reason));

    public void TickPhase(string phase, TimeSpan duration, bool failed) =>
        _tickPhase.Record(duration.TotalSeconds, new("phase", phase), new("failed", failed ? "true" : "false"));

    public void Merge(Guid townId, Guid rigId, string outcome, TimeSpan duration)
    {
        _mergeDuration.Record(duration.TotalSeconds, Tag("town", townId), Tag("rig", rigId), new("outcome", outcome));
        if (outcome == "conflict") _mergeConflicts.Add(1, Tag("town", townId), Tag("rig", rigId));
    }

    public void Usage(Guid townId, Guid storeId, string preset, TokenUsage usage)
    {
        var tags = new TagList { Tag("town", townId), Tag("store", storeId), new("preset", preset) };
        AddTokens(tags, "input", usage.InputTokens);
        AddTokens(tags, "output", usage.OutputTokens);
        AddTokens(tags, "cached", usage.CachedTokens);
        if (usage.CostUsd is { } cost and > 0) _costUsd.Add((double)cost, tags);
    }

    public void BeadSnapshot(Guid townId, Guid storeId, IReadOnlyDictionary<string, int> byStatus) =>
        _beads[storeId] = (townId, byStatus);

    public void BudgetPaused(Guid townId, string budget) => _budgetPauses.Add(1, Tag("town", townId), new("budget", budget));

    public void BudgetState(Guid townId, string? pausedBudget)
    {
        if (pausedBudget is null) _budgetPaused.TryRemove(townId, out _);
        else _budgetPaused[townId] = pausedBudget;
    }

    public void RateLimitPaused(Guid townId, Guid storeId) => _rateLimitPauses.Add(1, Tag("town", townId), Tag("store", storeId));

    public void StoreRemoved(Guid storeId)
    {
        _beads.TryRemove(storeId, out _);
        IdTexts.TryRemove(storeId, out _);
    }

    public void Dispose() => _meter.Dispose();

    private void AddTokens(TagList tags, string kind, long count)
    {
        if (count <= 0) return;
        var withKind = tags;
        withKind.Add("kind", kind);
        _tokens.Add(count, withKind);
    }

    private IEnumerable<Measurement<int>> ObserveBeads()
    {
        foreach (var (storeId, (townId, byStatus)) in _beads)
            foreach (var (status, count) in byStatus)
                yield return new Measurement<int>(count, Tag("town", townId), Tag("store", storeId), new("status", status));
    }

    private IEnumerable<Measurement<int>> ObserveBudgetPaused()
    {
        foreach (var (townId, budget) in _budgetPaused)
            yield return new Measurement<int>(1, Tag("town", townId), new("budget", budget));
    }

    private static readonly KeyValuePair<string, object?> QueuedTrue = new("queued", "true");
    private static readonly KeyValuePair<string, object?> QueuedFalse = new("queued", "false");

    // Town and store ids as tag values, formatted once per id (a handful of rigs sling thousands of times). Bounded:
    // past the cap an id is formatted afresh, as before.
    private const int MaxCachedIds = 100_000;
    private static readonly ConcurrentDictionary<Guid, string> IdTexts = new();

    private static KeyValuePair<string, object?> Tag(string name, Guid id)
    {
        if (!IdTexts.TryGetValue(id, out var text))
        {
            text = id.ToString();
            if (IdTexts.Count < MaxCachedIds) IdTexts.TryAdd(id, text);
        }
        return new(name, text);
    }
}
