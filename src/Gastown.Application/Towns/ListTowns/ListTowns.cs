using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Mediator;

namespace Gastown.Application.Towns.ListTowns;

/// <summary>The caller's towns, newest first.</summary>
public sealed record ListTowns : IQuery<Result<IReadOnlyList<TownResponse>>>, IUserRequest;

internal sealed class ListTownsHandler(ITownDirectory directory, ICurrentActor current) : IQueryHandler<ListTowns, Result<IReadOnlyList<TownResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<TownResponse>>> Handle(ListTowns query, CancellationToken cancellationToken) =>
        Result.Success(TownResponse.From(await directory.ListTownsAsync(current.Actor.UserId!.Value, cancellationToken)));
}
