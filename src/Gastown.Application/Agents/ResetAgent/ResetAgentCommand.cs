using Gastown.Application.Dispatch;

namespace Gastown.Application.Agents.ResetAgent;

/// <summary>
/// Stops an agent, clears its hook and sets it idle under a new generation (its old process is refused as stale);
/// the bead it held goes back to the queue with fresh attempts.
/// </summary>
public sealed record ResetAgentCommand(Guid RigId, Guid AgentId) : ICommand<Result<AgentResponse>>, IRigRequest;

internal sealed class ResetAgentHandler(ILedgerStores ledgers, ITownContainer container, TimeProvider clock)
    : ICommandHandler<ResetAgentCommand, Result<AgentResponse>>
{
    public async ValueTask<Result<AgentResponse>> Handle(ResetAgentCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Domain.Agents.Agent reset;
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            if (await ledger.Agents.GetAsync(command.AgentId, cancellationToken) is not { } agent) return Result.NotFound("Agent not found.");
            reset = await AgentRelease.ReleaseAsync(ledger, agent, now, cancellationToken);
            if (agent.HookedBeadId is { } beadId && await ledger.Beads.GetAsync(beadId, cancellationToken) is { IsTerminal: false } bead)
                await AgentRelease.RequeueAsync(ledger, bead, agent.Id, now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        await container.StopAgentAsync(command.AgentId, CancellationToken.None);
        return AgentResponse.From(reset);
    }
}
