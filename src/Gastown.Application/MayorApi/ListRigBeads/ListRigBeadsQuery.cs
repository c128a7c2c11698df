using Gastown.Application.Beads;
using Gastown.Application.Beads.ListBeads;
using Gastown.Application.Common.Paging;

namespace Gastown.Application.MayorApi.ListRigBeads;

/// <summary>
/// The beads of one rig of the mayor's town, newest first, optionally of one status, one page at a time (the same
/// listing and rules as the user's listBeads).
/// </summary>
public sealed record ListRigBeadsQuery(Guid AgentId, Guid RigId, string? Status = null, int Limit = ListingRules.DefaultLimit, string? Cursor = null)
    : IQuery<Result<Page<BeadResponse>>>, IMayorRigRequest;

internal sealed class ListRigBeadsHandler(BeadLinks links, ILedgerStores ledgers) : IQueryHandler<ListRigBeadsQuery, Result<Page<BeadResponse>>>
{
    public async ValueTask<Result<Page<BeadResponse>>> Handle(ListRigBeadsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return await BeadPages.ReadAsync(ledger, links, query.Status, query.Limit, query.Cursor, cancellationToken);
    }
}
