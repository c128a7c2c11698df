using Gastown.Application.Agents;

namespace Gastown.Application.MayorApi.ListRigAgents;

/// <summary>The agents of one rig of the mayor's town.</summary>
public sealed record ListRigAgentsQuery(Guid AgentId, Guid RigId) : IQuery<Result<IReadOnlyList<AgentResponse>>>, IMayorRigRequest;

internal sealed class ListRigAgentsHandler(ILedgerStores ledgers) : IQueryHandler<ListRigAgentsQuery, Result<IReadOnlyList<AgentResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<AgentResponse>>> Handle(ListRigAgentsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(AgentResponse.From(await ledger.Agents.ListAsync(cancellationToken)));
    }
}
