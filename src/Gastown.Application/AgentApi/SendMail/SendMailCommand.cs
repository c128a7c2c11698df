using Gastown.Application.Mail;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.SendMail;

/// <summary>
/// Mail to another agent of the same store, named by id or identity (e.g. "web/polecats/Maple"). The mayor, whose
/// store is its town HQ, may also mail the agents of its town's rigs.
/// </summary>
public sealed record SendMailCommand(Guid AgentId, string To, string Subject, string Body) : ICommand<Result<MailResponse>>, IAgentRequest
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 32_000;
}

internal sealed class SendMailHandler(AgentAccess access, ITownDirectory directory, ILedgerStores ledgers, TimeProvider clock)
    : ICommandHandler<SendMailCommand, Result<MailResponse>>
{
    public async ValueTask<Result<MailResponse>> Handle(SendMailCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var recipients = await scope.Ledger.Agents.ListAsync(cancellationToken);
        var recipient = recipients.FirstOrDefault(agent => Names(agent, command.To));
        if (recipient is null && scope.Agent.Role == AgentRole.Mayor)
            return await MailIntoTownAsync(scope, command, cancellationToken);
        if (recipient is null) return Result.NotFound($"No agent '{command.To}' here.");

        var now = clock.GetUtcNow();
        var mail = MailMessage.New(scope.Agent.Identity, recipient.Id, command.Subject, command.Body, now);
        await scope.Ledger.Mail.InsertAsync(mail, cancellationToken);
        await scope.Ledger.Beads.AppendEventsAsync(scope.Agent.NoteMail(recipient.Identity, now).Events, cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return MailResponse.From(mail);
    }

    private static bool Names(Agent agent, string to) => agent.Identity == to || (Guid.TryParse(to, out var id) && agent.Id == id);

    /// <summary>The mayor's mail to an agent of one of its town's rigs: written in that rig's store.</summary>
    private async Task<Result<MailResponse>> MailIntoTownAsync(AgentScope mayor, SendMailCommand command, CancellationToken ct)
    {
        foreach (var rig in await directory.ListRigsAsync(mayor.Claims.TownId, ct))
        {
            // An identity names its rig ("web/polecats/Maple"); an id may be in any of them.
            if (!Guid.TryParse(command.To, out _) && !command.To.StartsWith(rig.Name + "/", StringComparison.Ordinal)) continue;
            if (!ledgers.Exists(rig.Id)) continue;
            await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Write, ct);
            var recipient = (await ledger.Agents.ListAsync(ct)).FirstOrDefault(agent => Names(agent, command.To));
            if (recipient is null) continue;

            var mail = MailMessage.New(mayor.Agent.Identity, recipient.Id, command.Subject, command.Body, clock.GetUtcNow());
            await ledger.Mail.InsertAsync(mail, ct);
            await ledger.CommitAsync(ct);
            return MailResponse.From(mail);
        }
        return Result.NotFound($"No agent '{command.To}' in this town.");
    }
}
