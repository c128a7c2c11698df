namespace Gastown.Application.Agents.ListAgents;

public sealed record ListAgentsQuery(Guid RigId) : IQuery<Result<IReadOnlyList<AgentResponse>>>, IRigRequest;

internal sealed class ListAgentsHandler(ILedgerStores ledgers) : IQueryHandler<ListAgentsQuery, Result<IReadOnlyList<AgentResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<AgentResponse>>> Handle(ListAgentsQuery query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(AgentResponse.From(await ledger.Agents.ListAsync(cancellationToken)));
    }
}
