using Gastown.Application.Common.Paging;

namespace Gastown.Application.Beads.ListBeads;

/// <summary>One page of a rig's beads, newest first: the listing the user and the mayor routes share.</summary>
internal static class BeadPages
{
    /// <summary>Expects validated input (see <see cref="Common.Validation.ListingRules"/>).</summary>
    public static async Task<Page<BeadResponse>> ReadAsync(ILedgerSession ledger, BeadLinks links, string? status, int limit, string? cursor, CancellationToken ct)
    {
        BeadCursorText.TryDecode(cursor, out var after);
        IReadOnlyList<BeadStatus>? statuses = status is null ? null : [EnumText.Parse<BeadStatus>(status)];

        // One extra row tells whether another page exists without a count query.
        var beads = await ledger.Beads.ListAsync(new BeadFilter(statuses, Limit: limit + 1, After: after), ct);
        var page = beads.Take(limit).ToList();
        var items = await links.AttachAsync(await BeadUsageResponse.AttachAsync(ledger, BeadResponse.From(page), ct), ct);
        return beads.Count <= limit
            ? new Page<BeadResponse>(items, null)
            : new Page<BeadResponse>(items, BeadCursorText.Encode(new BeadCursor(page[^1].CreatedAt, page[^1].Id)));
    }
}
