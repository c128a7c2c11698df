namespace Gastown.Application.Common.Ports;

/// <summary>
/// The operator's numbers (OpenTelemetry meter "Gastown"), recorded where each event happens. Labels are ids and short
/// words only (never titles, errors or secrets), so a series' cardinality grows with rigs and presets, not with beads.
/// </summary>
public interface IGastownMetrics
{
    /// <summary>A bead was slung to a rig (hooked at once or queued).</summary>
    void Slung(Guid townId, Guid rigId, bool queued);

    /// <summary>The container was asked to start an agent.</summary>
    void DispatchAttempted(Guid townId, Guid storeId);

    /// <summary>A start failed; <paramref name="reason"/> is a short word (the result's status), never the message.</summary>
    void DispatchFailed(Guid townId, Guid storeId, string reason);

    /// <summary>How long one phase of a tick took.</summary>
    void TickPhase(string phase, TimeSpan duration, bool failed);

    /// <summary>One merge attempt: outcome is merged, conflict or error.</summary>
    void Merge(Guid townId, Guid rigId, string outcome, TimeSpan duration);

    /// <summary>Usage a CLI reported for a run.</summary>
    void Usage(Guid townId, Guid storeId, string preset, TokenUsage usage);

    /// <summary>The beads of a store by status, counted where the store was open anyway (end of its tick).</summary>
    void BeadSnapshot(Guid townId, Guid storeId, IReadOnlyDictionary<string, int> byStatus);

    /// <summary>A town reached a daily budget (<paramref name="budget"/>: tokensPerDay or usdPerDay): counted once per pause.</summary>
    void BudgetPaused(Guid townId, string budget);

    /// <summary>Whether the town's dispatch is paused by a budget now (null: not paused), for the gauge.</summary>
    void BudgetState(Guid townId, string? pausedBudget);

    /// <summary>An agent's run was refused by its model endpoint for rate or quota; the town's dispatch pauses.</summary>
    void RateLimitPaused(Guid townId, Guid storeId);

    /// <summary>A store is gone: its series stop.</summary>
    void StoreRemoved(Guid storeId);
}
