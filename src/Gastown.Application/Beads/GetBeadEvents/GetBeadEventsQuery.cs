namespace Gastown.Application.Beads.GetBeadEvents;

/// <summary>A bead's ledger: every state change, oldest first.</summary>
public sealed record GetBeadEventsQuery(Guid RigId, Guid BeadId) : IQuery<Result<IReadOnlyList<BeadEventResponse>>>, IRigRequest;

internal sealed class GetBeadEventsHandler(ILedgerStores ledgers) : IQueryHandler<GetBeadEventsQuery, Result<IReadOnlyList<BeadEventResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<BeadEventResponse>>> Handle(GetBeadEventsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        if (await ledger.Beads.GetAsync(query.BeadId, cancellationToken) is null) return Result.NotFound("Bead not found.");
        return Result.Success(BeadEventResponse.From(await ledger.Beads.ListEventsAsync(query.BeadId, cancellationToken)));
    }
}
