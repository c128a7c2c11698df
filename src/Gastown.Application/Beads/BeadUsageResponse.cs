namespace Gastown.Application.Beads;

/// <summary>Tokens and cost the agents' CLIs reported while working a bead, summed over all its runs.</summary>
public sealed record BeadUsageResponse(long InputTokens, long OutputTokens, long CachedTokens, decimal? CostUsd)
{
    public static BeadUsageResponse From(TokenUsage usage) => new(usage.InputTokens, usage.OutputTokens, usage.CachedTokens, usage.CostUsd);

    /// <summary>The beads with their usage filled in (one query for the whole list); beads without any keep null.</summary>
    public static async Task<IReadOnlyList<BeadResponse>> AttachAsync(ILedgerSession ledger, IReadOnlyList<BeadResponse> beads, CancellationToken ct)
    {
        if (beads.Count == 0) return beads;
        var usage = await ledger.Usage.GetPerBeadAsync([.. beads.Select(bead => bead.Id)], ct);
        return usage.Count == 0
            ? beads
            : [.. beads.Select(bead => usage.TryGetValue(bead.Id, out var used) ? bead with { Usage = From(used) } : bead)];
    }
}
