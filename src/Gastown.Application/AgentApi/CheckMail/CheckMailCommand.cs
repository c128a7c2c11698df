using Gastown.Application.Mail;

namespace Gastown.Application.AgentApi.CheckMail;

/// <summary>The agent's unread mail, marked delivered in the same transaction that reads it.</summary>
public sealed record CheckMailCommand(Guid AgentId) : ICommand<Result<IReadOnlyList<MailResponse>>>, IAgentRequest;

internal sealed class CheckMailHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<CheckMailCommand, Result<IReadOnlyList<MailResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<MailResponse>>> Handle(CheckMailCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var now = clock.GetUtcNow();
        var mail = await scope.Ledger.Mail.ListUndeliveredAsync(scope.Agent.Id, cancellationToken);
        await scope.Ledger.Mail.MarkDeliveredAsync([.. mail.Select(m => m.Id)], now, cancellationToken);
        await scope.Ledger.Agents.UpdateAsync(scope.Agent.RecordActivity(now), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return Result.Success(MailResponse.From(mail.Select(m => m.MarkDelivered(now))));
    }
}
