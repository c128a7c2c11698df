using Ardalis.Result;
using Gastown.Application.Common.Paging;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.Beads.ListBeads;

/// <summary>A rig's beads, newest first, optionally of one status, one page at a time.</summary>
public sealed record ListBeads(Guid RigId, string? Status = null, int Limit = ListBeads.DefaultLimit, string? Cursor = null)
    : IQuery<Result<Page<BeadResponse>>>, IRigRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

internal sealed class ListBeadsHandler(ILedgerStores ledgers) : IQueryHandler<ListBeads, Result<Page<BeadResponse>>>
{
    public async ValueTask<Result<Page<BeadResponse>>> Handle(ListBeads query, CancellationToken cancellationToken)
    {
        BeadCursorText.TryDecode(query.Cursor, out var after);
        IReadOnlyList<BeadStatus>? statuses = query.Status is null ? null : [EnumText.Parse<BeadStatus>(query.Status)];

        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        // One extra row tells whether another page exists without a count query.
        var beads = await ledger.ListBeadsAsync(new BeadFilter(statuses, Limit: query.Limit + 1, After: after), cancellationToken);

        var page = beads.Take(query.Limit).ToList();
        var items = await BeadUsageResponse.AttachAsync(ledger, BeadResponse.From(page), cancellationToken);
        return beads.Count <= query.Limit
            ? new Page<BeadResponse>(items, null)
            : new Page<BeadResponse>(items, BeadCursorText.Encode(new BeadCursor(page[^1].CreatedAt, page[^1].Id)));
    }
}
