using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Mediator;

namespace Gastown.Application.Agents.ListAgents;

public sealed record ListAgents(Guid RigId) : IQuery<Result<IReadOnlyList<AgentResponse>>>, IRigRequest;

internal sealed class ListAgentsHandler(ILedgerStores ledgers) : IQueryHandler<ListAgents, Result<IReadOnlyList<AgentResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<AgentResponse>>> Handle(ListAgents query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(AgentResponse.From(await ledger.Agents.ListAsync(cancellationToken)));
    }
}
