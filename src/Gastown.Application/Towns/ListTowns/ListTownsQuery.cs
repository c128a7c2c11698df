namespace Gastown.Application.Towns.ListTowns;

/// <summary>The caller's towns, newest first.</summary>
public sealed record ListTownsQuery : IQuery<Result<IReadOnlyList<TownResponse>>>, IUserRequest;

internal sealed class ListTownsHandler(ITownDirectory directory, ICurrentActor current) : IQueryHandler<ListTownsQuery, Result<IReadOnlyList<TownResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<TownResponse>>> Handle(ListTownsQuery query, CancellationToken cancellationToken) =>
        Result.Success(TownResponse.From(await directory.ListTownsAsync(current.Actor.UserId!.Value, cancellationToken)));
}
