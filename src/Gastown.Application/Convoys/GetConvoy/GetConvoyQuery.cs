namespace Gastown.Application.Convoys.GetConvoy;

/// <summary>A convoy with its beads (rig, status, agent, unmerged blockers) and its dependency edges.</summary>
public sealed record GetConvoyQuery(Guid TownId, Guid ConvoyId) : IQuery<Result<ConvoyDetailResponse>>, ITownOrMayorRequest;

internal sealed class GetConvoyHandler(IConvoyStore convoys, ConvoyViews views) : IQueryHandler<GetConvoyQuery, Result<ConvoyDetailResponse>>
{
    public async ValueTask<Result<ConvoyDetailResponse>> Handle(GetConvoyQuery query, CancellationToken cancellationToken)
    {
        var found = await ConvoyAccess.FindAsync(convoys, query.TownId, query.ConvoyId, cancellationToken);
        return found.IsSuccess ? await views.DetailAsync(found.Value, cancellationToken) : found.Map();
    }
}
