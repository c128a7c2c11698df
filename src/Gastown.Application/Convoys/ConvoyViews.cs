using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys;

/// <summary>Builds the convoy responses the procedures share (listing counts, the detail with beads and edges).</summary>
public sealed class ConvoyViews(ConvoyTracker tracker, ConvoyStranding stranding, IDependencyGraph graph, ITownDirectory directory, ILedgerStores ledgers)
{
    public static ConvoyResponse Summary(Convoy convoy, IReadOnlyList<TrackedBead> tracked, ConvoyStrandedResponse? stranded = null) => new(
        convoy.Id, convoy.Title, convoy.Status.ToText(), convoy.Mode.ToText(), convoy.Staged, tracked.Count,
        tracked.Count(bead => bead.IsClosed), tracked.Count(bead => bead.IsFailed), convoy.CreatedAt, convoy.LandedAt, convoy.ClosedAt, stranded);

    public async Task<ConvoyResponse> SummaryAsync(Convoy convoy, CancellationToken ct)
    {
        var tracked = await tracker.ReadAsync(convoy.Id, ct);
        return Summary(convoy, tracked, await stranding.CheckAsync(convoy, tracked, ct));
    }

    public async Task<ConvoyDetailResponse> DetailAsync(Convoy convoy, CancellationToken ct)
    {
        var tracked = await tracker.ReadAsync(convoy.Id, ct);
        var summary = Summary(convoy, tracked, await stranding.CheckAsync(convoy, tracked, ct));
        var edges = await graph.ListBlockersAsync([.. tracked.Select(bead => bead.Member.BeadId)], ct);
        var rigs = (await directory.ListRigsAsync(convoy.TownId, ct)).ToDictionary(rig => rig.Id, rig => rig.Name);
        var agents = new Dictionary<Guid, Agent>();
        foreach (var store in tracked.Where(bead => bead.Bead?.AssigneeAgentId is not null).Select(bead => bead.Member.StoreId).Distinct())
        {
            if (!ledgers.Exists(store)) continue;
            await using var ledger = await ledgers.OpenAsync(store, LedgerAccess.Read, ct);
            foreach (var agent in await ledger.Agents.ListAsync(ct)) agents[agent.Id] = agent;
        }
        var beads = tracked.Select(bead => new ConvoyBeadResponse(
            bead.Member.BeadId, bead.Member.StoreId, rigs.GetValueOrDefault(bead.Member.StoreId, ""), bead.Bead?.Title ?? "",
            bead.Bead?.Status.ToText() ?? "missing",
            bead.Bead?.AssigneeAgentId is { } agentId && agents.TryGetValue(agentId, out var agent)
                ? new ConvoyAgentResponse(agent.Id, agent.Name, agent.Status.ToText()) : null,
            [.. edges.Where(edge => edge.BeadId == bead.Member.BeadId && !edge.BlockerClosed).Select(edge => edge.BlockerId)],
            bead.Bead?.Held ?? false, bead.Bead is { EscalatedAt: not null, IsTerminal: false })).ToList();
        return new ConvoyDetailResponse(summary.Id, summary.Title, summary.Status, summary.Mode, summary.Staged, summary.Total,
            summary.Closed, summary.Failed, summary.CreatedAt, summary.LandedAt, summary.ClosedAt, beads,
            [.. edges.Select(edge => new ConvoyEdgeResponse(edge.BeadId, edge.BlockerId))], summary.Stranded,
            convoy.Mode == ConvoyMode.Land ? convoy.FeatureBranch : null,
            convoy.Mode == ConvoyMode.Land
                ? [.. (await tracker.ReadLandingsAsync(convoy, tracked, ct)).Select(landing => new ConvoyLandingResponse(
                    landing.RigId, landing.RigName, landing.FeatureBranch, landing.Entry?.Id, landing.Entry?.Status.ToText(),
                    landing.Entry?.MergeCommit, landing.Entry?.Message))]
                : []);
    }
}
