using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.RetryBead;

/// <summary>
/// Puts an escalated (failed) bead back in the queue with fresh attempts; the alarm is armed at once. Any other bead
/// is a conflict: it is either still being worked on or finished.
/// </summary>
public sealed record RetryBeadCommand(Guid RigId, Guid BeadId) : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class RetryBeadHandler(BeadLinks links, ILedgerStores ledgers, TimeProvider clock)
    : ICommandHandler<RetryBeadCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(RetryBeadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken);
        if (await ledger.Beads.GetAsync(command.BeadId, cancellationToken) is not { } bead) return Result.NotFound("Bead not found.");
        if (bead is not { Type: BeadType.Issue, Status: BeadStatus.Open, EscalatedAt: not null })
            return Result.Conflict("Only an escalated (failed) issue bead can be retried.");

        var requeued = await AgentRelease.RequeueAsync(ledger, bead, null, now, cancellationToken);
        await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.Retried, now,
            oldValue: bead.DispatchAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        await ledger.CommitAsync(cancellationToken);
        return await links.AttachAsync(BeadResponse.From(requeued), cancellationToken);
    }
}
