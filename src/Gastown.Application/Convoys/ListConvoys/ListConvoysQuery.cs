namespace Gastown.Application.Convoys.ListConvoys;

/// <summary>The town's convoys, newest first, optionally only those in one status.</summary>
public sealed record ListConvoysQuery(Guid TownId, string? Status = null, int Limit = ListConvoysQuery.DefaultLimit)
    : IQuery<Result<IReadOnlyList<ConvoyResponse>>>, ITownOrMayorRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

internal sealed class ListConvoysHandler(IConvoyStore convoys, ConvoyViews views) : IQueryHandler<ListConvoysQuery, Result<IReadOnlyList<ConvoyResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<ConvoyResponse>>> Handle(ListConvoysQuery query, CancellationToken cancellationToken)
    {
        ConvoyStatus? status = query.Status is null ? null : EnumText.Parse<ConvoyStatus>(query.Status);
        var listed = await convoys.ListAsync(query.TownId, status, query.Limit, cancellationToken);
        var responses = new List<ConvoyResponse>(listed.Count);
        foreach (var convoy in listed) responses.Add(await views.SummaryAsync(convoy, cancellationToken));
        return responses;
    }
}
