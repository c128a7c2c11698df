using Gastown.Application.Towns;
using Gastown.Application.Dispatch;

namespace Gastown.Application.MayorApi.MayorReply;

/// <summary>
/// The mayor answers its user (gt_reply): the answer is stored in the town HQ store and shown in the chat. Naming the
/// message it answers (<see cref="InReplyTo"/>) also marks that message handled (closed).
/// </summary>
public sealed record MayorReplyCommand(Guid AgentId, string Message, Guid? InReplyTo) : ICommand<Result<MayorMessageResponse>>, IMayorRequest
{
    public const int MaxMessageLength = 32_000;
}

/// <summary>The reply, the closing of the message it answers and the mayor's activity: one transaction.</summary>
internal sealed class MayorReplyHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<MayorReplyCommand, Result<MayorMessageResponse>>
{
    public async ValueTask<Result<MayorMessageResponse>> Handle(MayorReplyCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;
        var (ledger, mayor, now) = (scope.Ledger, scope.Agent, clock.GetUtcNow());

        if (command.InReplyTo is { } messageId)
        {
            var message = await ledger.Beads.GetAsync(messageId, cancellationToken);
            if (message is null || message.Type != BeadType.Message || message.AssigneeAgentId != mayor.Id)
                return Result.NotFound($"No message '{messageId}' to this mayor.");
            if (!message.IsTerminal)
            {
                await ledger.SaveAsync(message.Close(mayor.Id, now), cancellationToken);
            }
        }

        var reply = Domain.Towns.MayorReply.New(mayor.Id, command.Message, command.InReplyTo, now);
        await ledger.MayorReplies.InsertAsync(reply, cancellationToken);
        await ledger.Agents.UpdateAsync(mayor.RecordActivity(now), cancellationToken);
        await ledger.CommitAsync(cancellationToken);
        return MayorMessageResponse.From(reply);
    }
}
