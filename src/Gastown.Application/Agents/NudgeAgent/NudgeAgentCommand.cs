using Gastown.Application.Agents;
using Gastown.Application.Dispatch;

namespace Gastown.Application.Agents.NudgeAgent;

/// <summary>
/// A person nudges a polecat: the message goes to its running process at once when that reads input, else it starts
/// the agent's next run; the agent's mail keeps it either way.
/// </summary>
public sealed record NudgeAgentCommand(Guid RigId, Guid AgentId, string? Message) : ICommand<Result<NudgeResponse>>, IRigRequest;

internal sealed class NudgeAgentHandler(ILedgerStores ledgers, ITownContainer container, TimeProvider clock)
    : ICommandHandler<NudgeAgentCommand, Result<NudgeResponse>>
{
    /// <summary>Who a person's nudge is from, as the agent's mail shows it.</summary>
    public const string FromOverseer = "overseer";

    public async ValueTask<Result<NudgeResponse>> Handle(NudgeAgentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Agent agent;
        Domain.Mail.MailMessage mail;
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            if (await ledger.Agents.GetAsync(command.AgentId, cancellationToken) is not { Role: AgentRole.Polecat } found)
                return Result.NotFound("Polecat not found.");
            agent = found;
            mail = await Nudges.RecordAsync(ledger, agent, FromOverseer, command.Message!.Trim(), now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        return await Nudges.DeliverAsync(ledgers, container, command.RigId, agent, mail, now, cancellationToken);
    }
}
