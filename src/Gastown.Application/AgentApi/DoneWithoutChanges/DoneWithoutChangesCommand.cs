using Gastown.Application.Beads;
using Gastown.Application.Common.Telemetry;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.DoneWithoutChanges;

/// <summary>
/// A polecat says its hooked bead truly needs no change, and why (<c>gt_done {noChanges: true, summary}</c>): the bead
/// closes without a merge, shown as "closed without changes". The only way a bead is finished without a commit; a plain
/// done with nothing on the branch goes back to the polecat as a review round.
/// </summary>
public sealed record DoneWithoutChangesCommand(Guid AgentId, string? Summary) : ICommand<Result<BeadResponse>>, IAgentRequest;

/// <summary>
/// Closes the hooked bead (closed_without_changes, then closed), unhooks the agent (idle), in one transaction; then
/// stops the process. A branch kept from an earlier round is deleted afterwards in the background (branch hygiene).
/// </summary>
internal sealed class DoneWithoutChangesHandler(AgentAccess access, ITownContainer container, IManagementQueue background, TimeProvider clock)
    : ICommandHandler<DoneWithoutChangesCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(DoneWithoutChangesCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var (ledger, agent, now) = (scope.Ledger, scope.Agent, clock.GetUtcNow());
        if (await scope.HookedBeadAsync(cancellationToken) is not { } bead) return Result.Conflict("Nothing is hooked to this agent.");
        if (bead.IsTerminal) return Result.Conflict($"The hooked bead is already {bead.Status.ToText()}.");

        using var span = GastownTracing.Start("done_without_changes", ledger.Identity.StoreId, bead.Id, agent.Id);
        var closed = await ledger.SaveAsync(bead.CloseWithoutChanges(command.Summary!.Trim(), agent.Id, now), cancellationToken);
        await ledger.SaveAsync((agent with { LastActivityAt = now }).Unhook(now), cancellationToken);
        var keptBranch = (await ledger.Reviews.ListAsync(null, cancellationToken))
            .Any(review => review.BeadId == bead.Id && review.KeepsUnmergedBranch);
        await ledger.Alarm.ArmAsync(now, cancellationToken);
        await ledger.CommitAsync(cancellationToken);

        if (keptBranch && ledger.Identity.Kind == LedgerKind.Rig) background.CleanUpBranches(ledger.Identity.StoreId);
        await container.StopAgentAsync(agent.Id, CancellationToken.None);
        return BeadResponse.From(closed);
    }
}
