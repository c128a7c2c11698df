using Ardalis.Result;
using Gastown.Application.Agents;
using Gastown.Application.Beads;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.Towns.GetMayor;

/// <summary>The town's mayor (null before the first message) and its latest messages, newest first.</summary>
public sealed record GetMayor(Guid TownId) : IQuery<Result<MayorView>>, ITownRequest
{
    public const int MessageLimit = 50;
}

public sealed record MayorView(AgentResponse? Mayor, IReadOnlyList<BeadResponse> Messages);

internal sealed class GetMayorHandler(ILedgerStores ledgers) : IQueryHandler<GetMayor, Result<MayorView>>
{
    public async ValueTask<Result<MayorView>> Handle(GetMayor query, CancellationToken cancellationToken)
    {
        if (!ledgers.Exists(query.TownId)) return new MayorView(null, []);

        await using var ledger = await ledgers.OpenAsync(query.TownId, LedgerAccess.Read, cancellationToken);
        var mayor = await ledger.FindAgentByRoleAsync(AgentRole.Mayor, cancellationToken);
        var messages = await ledger.ListBeadsAsync(new BeadFilter(Type: BeadType.Message, Limit: GetMayor.MessageLimit), cancellationToken);
        return new MayorView(mayor is null ? null : AgentResponse.From(mayor), BeadResponse.From(messages));
    }
}
