using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Rigs;
using Mediator;

namespace Gastown.Application.MayorApi.ListTownRigs;

/// <summary>The mayor's view of its town: the rigs it can sling into.</summary>
public sealed record ListTownRigs(Guid AgentId) : IQuery<Result<IReadOnlyList<Rig>>>, IAgentRequest;

internal sealed class ListTownRigsHandler(ITownDirectory directory, ICurrentActor current) : IQueryHandler<ListTownRigs, Result<IReadOnlyList<Rig>>>
{
    public async ValueTask<Result<IReadOnlyList<Rig>>> Handle(ListTownRigs query, CancellationToken cancellationToken) =>
        Result.Success(await directory.ListRigsAsync(current.Actor.Agent!.TownId, cancellationToken));
}
