namespace Gastown.Application.Common.Ports;

/// <summary>
/// The town-wide graph of bead dependencies (decision 0025), in the directory database: dependencies cross rigs, and
/// each rig's beads live in their own ledger. A bead's row keeps only the count of its unmerged blockers, recounted
/// from here (under that rig's write lock) whenever its edges change or one of its blockers closes.
/// </summary>
public interface IDependencyGraph
{
    /// <summary>
    /// Replaces the blockers of each bead in <paramref name="sets"/>, all in one transaction under the town's lock.
    /// An edge starts released when its blocker is known closed (by the caller, or by an earlier propagated closure).
    /// Answers the first bead whose blockers would close a cycle (nothing written then), or null.
    /// </summary>
    Task<Guid?> TrySetBlockersAsync(Guid townId, IReadOnlyList<BlockerSet> sets, DateTimeOffset now, CancellationToken ct);

    /// <summary>The edges out of these beads (what each depends on), in insertion order.</summary>
    Task<IReadOnlyList<BeadEdge>> ListBlockersAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct);

    /// <summary>How many blockers of the bead have not closed (been merged).</summary>
    Task<int> CountOpenBlockersAsync(Guid beadId, CancellationToken ct);

    /// <summary>
    /// Records that <paramref name="beadId"/> closed (idempotent) and releases its edges; answers its dependents, whose
    /// counts the caller recounts.
    /// </summary>
    Task<IReadOnlyList<BeadNode>> MarkClosedAsync(Guid townId, Guid beadId, DateTimeOffset now, CancellationToken ct);

    /// <summary>The beads that wait on <paramref name="blockerId"/>.</summary>
    Task<IReadOnlyList<BeadNode>> ListDependentsAsync(Guid blockerId, CancellationToken ct);

    /// <summary>
    /// Forgets the closures recorded before <paramref name="closedBefore"/> that no edge still waits on: an edge keeps its
    /// own <c>blocker_closed</c>, so a closure is needed only by an edge written after it from a blocker status read
    /// before it (a request's read-to-write window, far shorter than the retention). Answers how many were removed.
    /// </summary>
    Task<int> PruneClosuresAsync(DateTimeOffset closedBefore, CancellationToken ct);

    /// <summary>Forgets a deleted bead: its own edges (not the edges of beads waiting on it: they stay blocked).</summary>
    Task RemoveBlockersOfAsync(Guid beadId, CancellationToken ct);
}
