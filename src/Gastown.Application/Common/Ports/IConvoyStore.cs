namespace Gastown.Application.Common.Ports;

/// <summary>Convoys, the beads they track and their feed events, in the directory database (decision 0025).</summary>
public interface IConvoyStore
{
    /// <summary>The convoy (in status <c>creating</c>) and its beads, in one transaction.</summary>
    Task InsertAsync(Convoy convoy, IReadOnlyList<ConvoyBead> beads, CancellationToken ct);

    Task<Convoy?> GetAsync(Guid convoyId, CancellationToken ct);

    /// <summary>The town's convoys, newest first, optionally only those in <paramref name="status"/>.</summary>
    Task<IReadOnlyList<Convoy>> ListAsync(Guid townId, ConvoyStatus? status, int limit, CancellationToken ct);

    Task<IReadOnlyList<ConvoyBead>> ListBeadsAsync(Guid convoyId, CancellationToken ct);

    /// <summary>The convoy tracking <paramref name="beadId"/>, if any.</summary>
    Task<Guid?> FindConvoyOfAsync(Guid beadId, CancellationToken ct);

    /// <summary>
    /// The single gate of every convoy state change: a conditional UPDATE from one of <paramref name="from"/> to
    /// <paramref name="to"/> (landed/closed stamp their time). True for exactly one caller, whatever the races.
    /// </summary>
    Task<bool> TryTransitionAsync(Guid convoyId, IReadOnlyCollection<ConvoyStatus> from, ConvoyStatus to, DateTimeOffset now, CancellationToken ct);

    Task SetReleasedAsync(Guid convoyId, bool released, CancellationToken ct);

    /// <summary>False when the bead is already tracked by a convoy.</summary>
    Task<bool> TryAddBeadAsync(ConvoyBead bead, CancellationToken ct);

    Task<bool> RemoveBeadAsync(Guid convoyId, Guid beadId, CancellationToken ct);

    /// <summary>Removes the convoy and its membership (a creation rolled back).</summary>
    Task DeleteAsync(Guid convoyId, CancellationToken ct);

    /// <summary>Convoys recovery must finish: being created since before <paramref name="createdBefore"/>, or started and not released.</summary>
    Task<IReadOnlyList<Convoy>> ListUnfinishedAsync(DateTimeOffset createdBefore, CancellationToken ct);

    /// <summary>Land-mode convoys in status <c>landing</c> (recovery evaluates them again; a partial index, empty almost always).</summary>
    Task<IReadOnlyList<Convoy>> ListLandingAsync(CancellationToken ct);

    Task AppendEventAsync(Guid townId, Guid convoyId, ConvoyEventType type, string? detail, DateTimeOffset now, CancellationToken ct);

    /// <summary>The town's convoy events, newest first, optionally at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<ConvoyEvent>> ListEventsAsync(Guid townId, DateTimeOffset? since, int limit, CancellationToken ct);
}
