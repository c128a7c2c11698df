using Gastown.Application.Dispatch;

namespace Gastown.Application.Agents.DeleteAgent;

/// <summary>
/// Stops an agent and removes it (its name is free again in the town); the bead it held goes back to the queue. Its
/// worktree and branch stay: unmerged work is never thrown away.
/// </summary>
public sealed record DeleteAgentCommand(Guid RigId, Guid AgentId) : ICommand<Result>, IRigRequest;

internal sealed class DeleteAgentHandler(ILedgerStores ledgers, ITownDirectory directory, ITownContainer container, TimeProvider clock)
    : ICommandHandler<DeleteAgentCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteAgentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            if (await ledger.Agents.GetAsync(command.AgentId, cancellationToken) is not { } agent) return Result.NotFound("Agent not found.");
            await AgentRelease.ReleaseAsync(ledger, agent, now, cancellationToken);
            if (agent.HookedBeadId is { } beadId && await ledger.Beads.GetAsync(beadId, cancellationToken) is { IsTerminal: false } bead)
                await AgentRelease.RequeueAsync(ledger, bead, agent.Id, now, cancellationToken);
            await ledger.Agents.DeleteAsync(agent.Id, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        await container.StopAgentAsync(command.AgentId, CancellationToken.None);
        await directory.UnregisterAgentAsync(command.AgentId, CancellationToken.None);
        return Result.NoContent();
    }
}
