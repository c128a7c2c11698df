using Gastown.Application.Dispatch;
using Gastown.Domain.Beads;
using Gastown.Domain.Towns;
using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// A mayor's run that ended without calling gt_reply still answered in its final text: that text is stored as its
/// reply, and the messages delivered to it (in progress) are marked handled, so the user sees the answer in the chat.
/// </summary>
public sealed partial class MayorFinalText(ILedgerStores ledgers, TimeProvider clock, ILogger<MayorFinalText> logger)
{
    public async Task RecordAsync(AgentLaunch launch, IAgentStreamParser parser)
    {
        if (parser.ToolsCalled.Any(tool => tool.EndsWith("gt_reply", StringComparison.Ordinal))) return;
        if (parser.LastText is not { Length: > 0 } text || !ledgers.Exists(launch.StoreId)) return;
        try
        {
            var now = clock.GetUtcNow();
            await using var ledger = await ledgers.OpenAsync(launch.StoreId, LedgerAccess.Write, CancellationToken.None);
            var mayor = await ledger.Agents.GetAsync(launch.AgentId, CancellationToken.None);
            if (mayor is null || mayor.Generation != launch.Generation) return; // A newer run speaks for itself.
            var delivered = await ledger.Beads.ListAsync(new BeadFilter([BeadStatus.InProgress], BeadType.Message, mayor.Id, 100), CancellationToken.None);
            var answered = delivered.Count == 1 ? delivered[0].Id : (Guid?)null;
            await ledger.MayorReplies.InsertAsync(MayorReply.New(mayor.Id, Cut(text, Application.MayorApi.MayorReply.MayorReplyCommand.MaxMessageLength), answered, now), CancellationToken.None);
            foreach (var message in delivered) await ledger.SaveAsync(message.Close(mayor.Id, now), CancellationToken.None);
            await ledger.CommitAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(e, launch.AgentId);
        }
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the final text of mayor {AgentId} as its reply failed")]
    private partial void LogFailed(Exception exception, Guid agentId);
}
