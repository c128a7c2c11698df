using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Mediator;

namespace Gastown.Application.Agents.ListAgents;

public sealed record ListAgents(Guid RigId) : IQuery<Result<IReadOnlyList<Agent>>>, IRigRequest;

internal sealed class ListAgentsHandler(ILedgerStores ledgers) : IQueryHandler<ListAgents, Result<IReadOnlyList<Agent>>>
{
    public async ValueTask<Result<IReadOnlyList<Agent>>> Handle(ListAgents query, CancellationToken cancellationToken)
    {
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        return Result.Success(await ledger.ListAgentsAsync(cancellationToken));
    }
}
