namespace Gastown.Application.Rigs.ListRigs;

/// <summary>The town's rigs, oldest first, each with its health.</summary>
public sealed record ListRigsQuery(Guid TownId) : IQuery<Result<IReadOnlyList<RigResponse>>>, ITownRequest;

internal sealed class ListRigsHandler(ITownDirectory directory) : IQueryHandler<ListRigsQuery, Result<IReadOnlyList<RigResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<RigResponse>>> Handle(ListRigsQuery query, CancellationToken cancellationToken)
    {
        if (await directory.GetTownAsync(query.TownId, cancellationToken) is null) return Result.NotFound("Town not found.");
        return Result.Success(RigResponse.From(await directory.ListRigsAsync(query.TownId, cancellationToken)));
    }
}
