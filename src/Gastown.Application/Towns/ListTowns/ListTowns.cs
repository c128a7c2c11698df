using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Towns;
using Mediator;

namespace Gastown.Application.Towns.ListTowns;

/// <summary>The caller's towns, newest first.</summary>
public sealed record ListTowns : IQuery<Result<IReadOnlyList<Town>>>;

internal sealed class ListTownsHandler(ITownDirectory directory, ICurrentActor current) : IQueryHandler<ListTowns, Result<IReadOnlyList<Town>>>
{
    public async ValueTask<Result<IReadOnlyList<Town>>> Handle(ListTowns query, CancellationToken cancellationToken) =>
        Result.Success(await directory.ListTownsAsync(current.Actor.UserId!.Value, cancellationToken));
}
