namespace Gastown.Application.Beads.GetBead;

/// <summary>One bead of a rig, with its dependencies (what a sling's Location names).</summary>
public sealed record GetBeadQuery(Guid RigId, Guid BeadId) : IQuery<Result<BeadResponse>>, IRigRequest;

internal sealed class GetBeadHandler(BeadLinks links, ILedgerStores ledgers) : IQueryHandler<GetBeadQuery, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(GetBeadQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        if (await ledger.Beads.GetAsync(query.BeadId, cancellationToken) is not { } bead) return Result.NotFound("Bead not found.");
        return Result.Success(await links.AttachAsync(BeadResponse.From(bead), cancellationToken));
    }
}
