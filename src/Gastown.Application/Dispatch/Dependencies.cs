namespace Gastown.Application.Dispatch;

/// <summary>
/// Dependencies between beads (decision 0025). The edges live in the town-wide graph (<see cref="IDependencyGraph"/>);
/// a bead's row keeps the count of its unmerged blockers, which the queue's partial index reads, so a blocked bead
/// costs the tick nothing. The count is only ever written as recounted from the graph while the bead's rig is locked
/// for writing, after the graph changed: whatever order a closure and an edge change interleave in, the last recount
/// sees both.
/// </summary>
public sealed class Dependencies(ILedgerStores ledgers, ITownDirectory directory, IDependencyGraph graph, ConvoyTracker convoys, TimeProvider clock)
{
    /// <summary>At most this many blockers per bead.</summary>
    public const int MaxBlockers = 50;

    private const int BatchPerTick = 100;

    /// <summary>
    /// Finds each bead of <paramref name="beadIds"/> among the town's rigs (its own rig first). A bead of no rig of
    /// the town (another town's, or none) answers 404 naming it.
    /// </summary>
    public async Task<Result<IReadOnlyList<BlockerRef>>> LocateAsync(Guid townId, Guid firstRigId, IReadOnlyList<Guid> beadIds, CancellationToken ct)
    {
        var found = new Dictionary<Guid, BlockerRef>();
        var rigs = (await directory.ListRigsAsync(townId, ct)).Select(rig => rig.Id).OrderBy(id => id == firstRigId ? 0 : 1).ToList();
        foreach (var rigId in rigs)
        {
            if (found.Count == beadIds.Count || !ledgers.Exists(rigId)) break;
            await using var ledger = await ledgers.OpenAsync(rigId, LedgerAccess.Read, ct);
            foreach (var beadId in beadIds)
                if (!found.ContainsKey(beadId) && await ledger.Beads.GetAsync(beadId, ct) is { } bead)
                    found[beadId] = new BlockerRef(beadId, rigId, bead.Status == BeadStatus.Closed);
        }
        if (beadIds.FirstOrDefault(id => !found.ContainsKey(id)) is var missing && missing != Guid.Empty)
            return Result.NotFound($"dependsOn: bead {missing} not found in this town.");
        return Result.Success<IReadOnlyList<BlockerRef>>([.. beadIds.Select(id => found[id])]);
    }

    /// <summary>The blockers of a bead about to be slung into <paramref name="rigId"/> (null: none), or 404 naming one not in its town.</summary>
    public async Task<Result<SlingBlockers?>> ForSlingAsync(Guid rigId, IReadOnlyList<Guid>? dependsOn, CancellationToken ct)
    {
        if (dependsOn is not { Count: > 0 }) return Result.Success<SlingBlockers?>(null);
        var townId = (await directory.GetRigAsync(rigId, ct))!.TownId;
        var located = await LocateAsync(townId, rigId, dependsOn, ct);
        return located.IsSuccess ? Result.Success<SlingBlockers?>(new SlingBlockers(townId, located.Value)) : located.Map();
    }

    /// <summary>
    /// Replaces the blockers of an existing bead: its count is marked unknown first (so it is not dispatched meanwhile,
    /// and a crash leaves it to the dependency phase to recount), then the graph, then the recount. A cycle → invalid
    /// (the graph unchanged).
    /// </summary>
    public async Task<Result> ReplaceAsync(Guid townId, BeadNode bead, IReadOnlyList<BlockerRef> blockers, CancellationToken ct)
    {
        await using (var ledger = await ledgers.OpenAsync(bead.StoreId, LedgerAccess.Write, ct))
        {
            await ledger.Beads.SetOpenBlockersAsync(bead.BeadId, -1, ct);
            await ledger.CommitAsync(ct);
        }
        var cycle = await graph.TrySetBlockersAsync(townId, [new BlockerSet(bead, blockers)], clock.GetUtcNow(), ct);
        await RecountAsync(bead.StoreId, bead.BeadId, ct);
        return cycle is null ? Result.Success()
            : Result.Invalid(new ValidationError("dependsOn", "These dependencies would make a cycle: the bead would wait for itself."));
    }

    /// <summary>
    /// Sets the bead's count of unmerged blockers from the graph, under its rig's write lock, and arms the rig's alarm
    /// for now when that released it.
    /// </summary>
    /// <returns>Whether the bead became ready to dispatch.</returns>
    public async Task<bool> RecountAsync(Guid storeId, Guid beadId, CancellationToken ct)
    {
        if (!ledgers.Exists(storeId)) return false;
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if (await ledger.Beads.GetAsync(beadId, ct) is not { } bead) return false;
        var open = await graph.CountOpenBlockersAsync(beadId, ct);
        if (open == bead.OpenBlockers) return false;
        await ledger.Beads.SetOpenBlockersAsync(beadId, open, ct);
        var released = open == 0 && bead is { Hold: BeadHold.None, Status: BeadStatus.Open };
        if (released) await ledger.Alarm.ArmAsync(clock.GetUtcNow(), ct);
        await ledger.CommitAsync(ct);
        return released;
    }

    /// <summary>
    /// The tick's dependency work in one store: closures not yet told to their dependents (each dependent recounted,
    /// its rig armed for now when released), then counts marked unknown. Both lists are partial-index reads, empty
    /// on a quiet store. Answers whether a bead of this store was released (the tick then re-arms for now).
    /// </summary>
    public async Task<bool> RunAsync(Guid storeId, CancellationToken ct)
    {
        var pending = new List<Bead>();
        IReadOnlyList<Guid> unknown;
        Guid townId;
        var releasedHere = false;
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct))
        {
            townId = ledger.Identity.TownId;
            foreach (var beadId in await ledger.Beads.ListClosuresPendingAsync(BatchPerTick, ct))
                if (await ledger.Beads.GetAsync(beadId, ct) is { } bead) pending.Add(bead);
            unknown = await ledger.Beads.ListBlockersUnknownAsync(BatchPerTick, ct);
        }
        foreach (var bead in pending.Where(bead => bead.Status == BeadStatus.Closed))
            foreach (var dependent in await graph.MarkClosedAsync(townId, bead.Id, clock.GetUtcNow(), ct))
                releasedHere |= await RecountAsync(dependent.StoreId, dependent.BeadId, ct) && dependent.StoreId == storeId;
        // Each convoy once, after its beads' closures were told (its status reads them).
        foreach (var convoyId in pending.Select(bead => bead.ConvoyId).OfType<Guid>().Distinct())
            await convoys.EvaluateAsync(convoyId, ct);
        // Cleared last: a crash before this repeats the work above, which is idempotent.
        if (pending.Count > 0)
        {
            await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
            foreach (var bead in pending) await ledger.Beads.ClearClosurePendingAsync(bead.Id, ct);
            await ledger.CommitAsync(ct);
        }
        foreach (var beadId in unknown) releasedHere |= await RecountAsync(storeId, beadId, ct);
        return releasedHere;
    }
}
