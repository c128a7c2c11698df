using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Mediator;

namespace Gastown.Application.MayorApi.ListRigAgents;

/// <summary>The agents of one rig of the mayor's town.</summary>
public sealed record ListRigAgents(Guid AgentId, Guid RigId) : IQuery<Result<IReadOnlyList<Agent>>>, IMayorRigRequest;

internal sealed class ListRigAgentsHandler(ILedgerStores ledgers) : IQueryHandler<ListRigAgents, Result<IReadOnlyList<Agent>>>
{
    public async ValueTask<Result<IReadOnlyList<Agent>>> Handle(ListRigAgents query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(await ledger.ListAgentsAsync(cancellationToken));
    }
}
