using Ardalis.Result;
using Gastown.Application.Mail;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Dispatch;
using Gastown.Domain.Mail;
using Mediator;

namespace Gastown.Application.AgentApi.SendMail;

/// <summary>Mail to another agent of the same store, named by id or identity (e.g. "web/polecats/Maple").</summary>
public sealed record SendMail(Guid AgentId, string To, string Subject, string Body) : ICommand<Result<MailResponse>>, IAgentRequest
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 32_000;
}

internal sealed class SendMailHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<SendMail, Result<MailResponse>>
{
    public async ValueTask<Result<MailResponse>> Handle(SendMail command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var recipients = await scope.Ledger.ListAgentsAsync(cancellationToken);
        var recipient = recipients.FirstOrDefault(agent =>
            agent.Identity == command.To || (Guid.TryParse(command.To, out var id) && agent.Id == id));
        if (recipient is null) return Result.NotFound($"No agent '{command.To}' here.");

        var now = clock.GetUtcNow();
        var mail = MailMessage.New(scope.Agent.Identity, recipient.Id, command.Subject, command.Body, now);
        await scope.Ledger.InsertMailAsync(mail, cancellationToken);
        await scope.Ledger.AppendEventsAsync(scope.Agent.NoteMail(recipient.Identity, now).Events, cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return MailResponse.From(mail);
    }
}
