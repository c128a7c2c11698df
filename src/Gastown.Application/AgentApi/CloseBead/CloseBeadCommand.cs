using Gastown.Application.Beads;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.CloseBead;

/// <summary>
/// An agent closes a bead assigned to it when there is nothing to merge (a question answered, a message handled).
/// Closing its hooked bead also lets go of the hook. A branch kept for the bead (failed or rejected before) is deleted
/// afterwards in the background (branch hygiene).
/// </summary>
public sealed record CloseBeadCommand(Guid AgentId, Guid BeadId) : ICommand<Result<BeadResponse>>, IAgentRequest;

internal sealed class CloseBeadHandler(AgentAccess access, IManagementQueue background, TimeProvider clock) : ICommandHandler<CloseBeadCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(CloseBeadCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var bead = await scope.Ledger.Beads.GetAsync(command.BeadId, cancellationToken);
        if (bead is null || bead.AssigneeAgentId != scope.Agent.Id) return Result.NotFound("No such bead assigned to this agent.");
        if (bead.IsTerminal) return BeadResponse.From(bead);

        var now = clock.GetUtcNow();
        var closed = await scope.Ledger.SaveAsync(bead.Close(scope.Agent.Id, now), cancellationToken);
        if (scope.Agent.HookedBeadId == bead.Id) await scope.Ledger.SaveAsync(scope.Agent.ReleaseHook(now), cancellationToken);
        var keptBranch = (await scope.Ledger.Reviews.ListAsync(null, cancellationToken))
            .Any(review => review.BeadId == bead.Id && review.KeepsUnmergedBranch);
        await scope.Ledger.CommitAsync(cancellationToken);
        if (keptBranch && scope.Ledger.Identity.Kind == LedgerKind.Rig) background.CleanUpBranches(scope.Ledger.Identity.StoreId);
        return BeadResponse.From(closed);
    }
}
