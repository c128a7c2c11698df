using Gastown.Application.Agents;
using Gastown.Application.Beads;

namespace Gastown.Application.Towns.GetMayor;

/// <summary>
/// The town's mayor (null before the first message), its latest messages (newest first), and the conversation: the
/// user's messages and the mayor's stored replies, oldest first.
/// </summary>
public sealed record GetMayorQuery(Guid TownId) : IQuery<Result<MayorView>>, ITownRequest
{
    public const int MessageLimit = 50;
    public const int ConversationLimit = 100;
}

public sealed record MayorView(AgentResponse? Mayor, IReadOnlyList<BeadResponse> Messages, IReadOnlyList<MayorMessageResponse> Conversation);

internal sealed class GetMayorHandler(ILedgerStores ledgers) : IQueryHandler<GetMayorQuery, Result<MayorView>>
{
    public async ValueTask<Result<MayorView>> Handle(GetMayorQuery query, CancellationToken cancellationToken)
    {
        if (!ledgers.Exists(query.TownId)) return new MayorView(null, [], []);

        await using var ledger = await ledgers.OpenAsync(query.TownId, LedgerAccess.Read, cancellationToken);
        var mayor = await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, cancellationToken);
        var messages = await ledger.Beads.ListAsync(new BeadFilter(Type: BeadType.Message, Limit: GetMayorQuery.MessageLimit), cancellationToken);
        return new MayorView(mayor is null ? null : AgentResponse.From(mayor), BeadResponse.From(messages), await ConversationAsync(ledger, cancellationToken));
    }

    /// <summary>The newest lines of both sides, merged by time; on a tie the user's message comes before the answer.</summary>
    private static async Task<IReadOnlyList<MayorMessageResponse>> ConversationAsync(ILedgerSession ledger, CancellationToken ct)
    {
        var said = await ledger.Beads.ListAsync(new BeadFilter(Type: BeadType.Message, Limit: GetMayorQuery.ConversationLimit), ct);
        var replies = await ledger.MayorReplies.ListAsync(GetMayorQuery.ConversationLimit, ct);
        return [.. said.Select(MayorMessageResponse.From).Concat(replies.Select(MayorMessageResponse.From))
            .OrderByDescending(line => line.CreatedAt).ThenBy(line => line.Sender == MayorMessageResponse.FromUser ? 1 : 0)
            .Take(GetMayorQuery.ConversationLimit)
            .Reverse()];
    }
}
