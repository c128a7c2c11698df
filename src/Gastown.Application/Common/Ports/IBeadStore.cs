namespace Gastown.Application.Common.Ports;

/// <summary>A store's beads and their event ledger, in the session's transaction.</summary>
public interface IBeadStore
{
    Task InsertAsync(Bead bead, CancellationToken ct);
    Task UpdateAsync(Bead bead, CancellationToken ct);
    Task<Bead?> GetAsync(Guid beadId, CancellationToken ct);
    Task<IReadOnlyList<Bead>> ListAsync(BeadFilter filter, CancellationToken ct);

    /// <summary>Whether any issue bead waits in the queue (open, unassigned, unescalated).</summary>
    Task<bool> HasQueuedAsync(CancellationToken ct);

    /// <summary>Open, unassigned, unescalated issue beads: highest priority first, then oldest.</summary>
    Task<IReadOnlyList<Bead>> ListQueuedAsync(int limit, CancellationToken ct);

    /// <summary>Beads per status word (open, in_progress, …), for the metrics snapshot.</summary>
    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct);

    /// <summary>Removes a bead with its events and review entries.</summary>
    Task DeleteAsync(Guid beadId, CancellationToken ct);

    Task AppendEventAsync(BeadEvent beadEvent, CancellationToken ct);

    /// <summary>Appends events in order, in as few statements as the store can (a sling writes four).</summary>
    Task AppendEventsAsync(IReadOnlyList<BeadEvent> events, CancellationToken ct);

    Task<IReadOnlyList<BeadEvent>> ListEventsAsync(Guid beadId, CancellationToken ct);

    /// <summary>The store's events, newest first, optionally only those at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<BeadEvent>> ListRecentEventsAsync(DateTimeOffset? since, int limit, CancellationToken ct);

    // Dependencies, holds and convoys (decision 0025): never written by UpdateAsync, each its own statement.

    /// <summary>Replaces the bead's hold flags (a person's hold, a staged convoy's).</summary>
    Task SetHoldAsync(Guid beadId, BeadHold hold, CancellationToken ct);

    /// <summary>How many of its blockers are not merged yet (-1: unknown, to be recounted by the dependency phase).</summary>
    Task SetOpenBlockersAsync(Guid beadId, int count, CancellationToken ct);

    Task SetConvoyAsync(Guid beadId, Guid? convoyId, CancellationToken ct);

    /// <summary>Beads that closed and whose dependents have not been told (an indexed read; empty almost always).</summary>
    Task<IReadOnlyList<Guid>> ListClosuresPendingAsync(int limit, CancellationToken ct);

    Task ClearClosurePendingAsync(Guid beadId, CancellationToken ct);

    /// <summary>Beads whose count of open blockers is unknown (-1) and must be recounted from the graph.</summary>
    Task<IReadOnlyList<Guid>> ListBlockersUnknownAsync(int limit, CancellationToken ct);

    /// <summary>The beads a convoy tracks in this store, oldest first.</summary>
    Task<IReadOnlyList<Bead>> ListByConvoyAsync(Guid convoyId, CancellationToken ct);
}
