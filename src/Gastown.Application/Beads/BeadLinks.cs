namespace Gastown.Application.Beads;

/// <summary>
/// Fills the dependency fields of bead responses from the graph: one indexed read for the whole list, plus one read
/// per rig holding a blocker that is not merged yet (for its status).
/// </summary>
public sealed class BeadLinks(IDependencyGraph graph, ILedgerStores ledgers)
{
    public async Task<BeadResponse> AttachAsync(BeadResponse bead, CancellationToken ct) => (await AttachAsync([bead], ct))[0];

    public async Task<IReadOnlyList<BeadResponse>> AttachAsync(IReadOnlyList<BeadResponse> beads, CancellationToken ct)
    {
        if (beads.Count == 0) return beads;
        var edges = await graph.ListBlockersAsync([.. beads.Select(bead => bead.Id)], ct);
        if (edges.Count == 0) return beads;

        var statuses = await StatusesAsync(edges.Where(edge => !edge.BlockerClosed), ct);
        var byBead = edges.ToLookup(edge => edge.BeadId);
        return [.. beads.Select(bead => byBead[bead.Id].ToList() is { Count: > 0 } own
            ? bead with
            {
                DependsOn = [.. own.Select(edge => edge.BlockerId)],
                BlockedBy = [.. own.Where(edge => !edge.BlockerClosed).Select(edge => edge.BlockerId)],
                Blockers = [.. own.Where(edge => !edge.BlockerClosed)
                    .Select(edge => new BlockerResponse(edge.BlockerId, edge.BlockerStoreId, statuses.GetValueOrDefault(edge.BlockerId, "missing")))],
            }
            : bead)];
    }

    /// <summary>Each open blocker's status word; an escalated (given-up) one says <c>escalated</c>.</summary>
    private async Task<Dictionary<Guid, string>> StatusesAsync(IEnumerable<BeadEdge> open, CancellationToken ct)
    {
        var statuses = new Dictionary<Guid, string>();
        foreach (var store in open.GroupBy(edge => edge.BlockerStoreId))
        {
            if (!ledgers.Exists(store.Key)) continue;
            await using var ledger = await ledgers.OpenAsync(store.Key, LedgerAccess.Read, ct);
            foreach (var blockerId in store.Select(edge => edge.BlockerId).Distinct())
                if (await ledger.Beads.GetAsync(blockerId, ct) is { } blocker)
                    statuses[blockerId] = blocker.EscalatedAt is not null && !blocker.IsTerminal ? "escalated" : blocker.Status.ToText();
        }
        return statuses;
    }
}
