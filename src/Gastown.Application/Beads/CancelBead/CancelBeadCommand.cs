using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.CancelBead;

/// <summary>
/// Cancels a bead: its agent (if one is on it) lets go and its process is stopped, a pending merge of it is dropped,
/// and the bead is cancelled for good. A bead already closed or cancelled is a conflict. A branch kept for it (failed
/// or rejected) is deleted afterwards in the background (branch hygiene, <c>CleanUpBranches</c>).
/// </summary>
public sealed record CancelBeadCommand(Guid RigId, Guid BeadId) : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class CancelBeadHandler(BeadLinks links, ILedgerStores ledgers, ITownContainer container, IManagementQueue background, TimeProvider clock)
    : ICommandHandler<CancelBeadCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(CancelBeadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Guid? stop = null;
        var keptBranch = false;
        Bead cancelled;
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            if (await ledger.Beads.GetAsync(command.BeadId, cancellationToken) is not { } bead) return Result.NotFound("Bead not found.");
            if (bead.IsTerminal) return Result.Conflict($"The bead is already {(bead.Status == BeadStatus.Closed ? "closed" : "cancelled")}.");

            (cancelled, stop, keptBranch) = await BeadCancellation.CancelAsync(ledger, bead, now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        if (stop is { } agentId) await container.StopAgentAsync(agentId, CancellationToken.None);
        if (keptBranch) background.CleanUpBranches(command.RigId);
        return await links.AttachAsync(BeadResponse.From(cancelled), cancellationToken);
    }
}
