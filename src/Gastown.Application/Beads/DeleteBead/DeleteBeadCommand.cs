using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.DeleteBead;

/// <summary>Deletes a bead with its events and review entries; an agent on it lets go and its process is stopped.</summary>
public sealed record DeleteBeadCommand(Guid RigId, Guid BeadId) : ICommand<Result>, IRigRequest;

internal sealed class DeleteBeadHandler(ILedgerStores ledgers, ITownContainer container, TimeProvider clock) : ICommandHandler<DeleteBeadCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteBeadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Guid? stop = null;
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            if (await ledger.Beads.GetAsync(command.BeadId, cancellationToken) is not { } bead) return Result.NotFound("Bead not found.");
            foreach (var agent in await ledger.Agents.ListAsync(cancellationToken))
            {
                if (agent.HookedBeadId != bead.Id) continue;
                await AgentRelease.ReleaseAsync(ledger, agent, now, cancellationToken);
                stop = agent.Id;
            }
            await ledger.Beads.DeleteAsync(bead.Id, cancellationToken);
            if (stop is not null) await ledger.Alarm.ArmAsync(now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        if (stop is { } agentId) await container.StopAgentAsync(agentId, CancellationToken.None);
        return Result.NoContent();
    }
}
