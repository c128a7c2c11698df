using Gastown.Application.Common.Paging;

namespace Gastown.Application.Beads.ListBeads;

/// <summary>A rig's beads, newest first, optionally of one status, one page at a time.</summary>
public sealed record ListBeadsQuery(Guid RigId, string? Status = null, int Limit = ListBeadsQuery.DefaultLimit, string? Cursor = null)
    : IQuery<Result<Page<BeadResponse>>>, IRigRequest
{
    public const int DefaultLimit = ListingRules.DefaultLimit;
    public const int MaxLimit = ListingRules.MaxLimit;
}

internal sealed class ListBeadsHandler(BeadLinks links, ILedgerStores ledgers) : IQueryHandler<ListBeadsQuery, Result<Page<BeadResponse>>>
{
    public async ValueTask<Result<Page<BeadResponse>>> Handle(ListBeadsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return await BeadPages.ReadAsync(ledger, links, query.Status, query.Limit, query.Cursor, cancellationToken);
    }
}
