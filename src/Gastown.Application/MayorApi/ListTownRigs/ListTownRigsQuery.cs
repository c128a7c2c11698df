using Gastown.Application.Rigs;

namespace Gastown.Application.MayorApi.ListTownRigs;

/// <summary>The mayor's view of its town: the rigs it can sling into.</summary>
public sealed record ListTownRigsQuery(Guid AgentId) : IQuery<Result<IReadOnlyList<RigResponse>>>, IMayorRequest;

internal sealed class ListTownRigsHandler(ITownDirectory directory, ICurrentActor current) : IQueryHandler<ListTownRigsQuery, Result<IReadOnlyList<RigResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<RigResponse>>> Handle(ListTownRigsQuery query, CancellationToken cancellationToken) =>
        Result.Success(RigResponse.From(await directory.ListRigsAsync(current.Actor.Agent!.TownId, cancellationToken)));
}
