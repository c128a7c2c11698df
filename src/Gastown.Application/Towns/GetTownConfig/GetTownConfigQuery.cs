namespace Gastown.Application.Towns.GetTownConfig;

/// <summary>The town's config, secrets masked.</summary>
public sealed record GetTownConfigQuery(Guid TownId) : IQuery<Result<TownConfigResponse>>, ITownRequest;

internal sealed class GetTownConfigHandler(ITownDirectory directory, ITownManagement management)
    : IQueryHandler<GetTownConfigQuery, Result<TownConfigResponse>>
{
    public async ValueTask<Result<TownConfigResponse>> Handle(GetTownConfigQuery query, CancellationToken cancellationToken)
    {
        if (await directory.GetTownAsync(query.TownId, cancellationToken) is null) return Result.NotFound("Town not found.");
        return TownConfigResponse.From(await management.GetTownConfigAsync(query.TownId, cancellationToken));
    }
}
