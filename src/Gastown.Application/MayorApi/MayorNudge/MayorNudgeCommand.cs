using Gastown.Application.Agents;
using Gastown.Application.Dispatch;

namespace Gastown.Application.MayorApi.MayorNudge;

/// <summary>
/// The mayor nudges a polecat of its town (<c>gt_nudge</c>), named by identity ("web/polecats/Maple") or id: the same
/// nudge a person sends (<see cref="Nudges"/>), from the mayor.
/// </summary>
public sealed record MayorNudgeCommand(Guid AgentId, string? Agent, string? Message) : ICommand<Result<NudgeResponse>>, IMayorRequest;

internal sealed class MayorNudgeHandler(ITownDirectory directory, ILedgerStores ledgers, ITownContainer container, ICurrentActor current, TimeProvider clock)
    : ICommandHandler<MayorNudgeCommand, Result<NudgeResponse>>
{
    public const string FromMayor = "mayor";

    public async ValueTask<Result<NudgeResponse>> Handle(MayorNudgeCommand command, CancellationToken cancellationToken)
    {
        var to = command.Agent!.Trim();
        foreach (var rig in await directory.ListRigsAsync(current.Actor.Agent!.TownId, cancellationToken))
        {
            // An identity names its rig ("web/polecats/Maple"); an id may be in any of them.
            if (!Guid.TryParse(to, out _) && !to.StartsWith(rig.Name + "/", StringComparison.Ordinal)) continue;
            if (!ledgers.Exists(rig.Id)) continue;
            var now = clock.GetUtcNow();
            Agent agent;
            Domain.Mail.MailMessage mail;
            await using (var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Write, cancellationToken))
            {
                var found = (await ledger.Agents.ListAsync(cancellationToken))
                    .FirstOrDefault(candidate => candidate.Role == AgentRole.Polecat
                                                 && (candidate.Identity == to || (Guid.TryParse(to, out var id) && candidate.Id == id)));
                if (found is null) continue;
                agent = found;
                mail = await Nudges.RecordAsync(ledger, agent, FromMayor, command.Message!.Trim(), now, cancellationToken);
                await ledger.CommitAsync(cancellationToken);
            }
            return await Nudges.DeliverAsync(ledgers, container, rig.Id, agent, mail, now, cancellationToken);
        }
        return Result.NotFound($"No polecat '{to}' in this town.");
    }
}
