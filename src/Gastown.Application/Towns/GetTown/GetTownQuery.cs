using Gastown.Application.Rigs;

namespace Gastown.Application.Towns.GetTown;

public sealed record GetTownQuery(Guid TownId) : IQuery<Result<TownDetails>>, ITownRequest;

/// <summary>A town with its rigs.</summary>
public sealed record TownDetails(
    Guid Id, string Name, Guid OwnerUserId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<RigResponse> Rigs);

internal sealed class GetTownHandler(ITownDirectory directory) : IQueryHandler<GetTownQuery, Result<TownDetails>>
{
    public async ValueTask<Result<TownDetails>> Handle(GetTownQuery query, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(query.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");
        var rigs = await directory.ListRigsAsync(town.Id, cancellationToken);
        return new TownDetails(town.Id, town.Name, town.OwnerUserId, town.CreatedAt, town.UpdatedAt, RigResponse.From(rigs));
    }
}
