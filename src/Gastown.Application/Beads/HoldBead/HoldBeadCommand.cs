using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.HoldBead;

/// <summary>
/// Holds a bead: it is never dispatched until released (a polecat that hooked it but has not started lets go at its
/// dispatch; a running agent is not stopped). Holding a held bead changes nothing; a closed or cancelled one is a conflict.
/// </summary>
public sealed record HoldBeadCommand(Guid RigId, Guid BeadId) : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class HoldBeadHandler(ILedgerStores ledgers, TimeProvider clock, BeadLinks links) : ICommandHandler<HoldBeadCommand, Result<BeadResponse>>
{
    public ValueTask<Result<BeadResponse>> Handle(HoldBeadCommand command, CancellationToken cancellationToken) =>
        BeadHolds.ChangeAsync(ledgers, links, command.RigId, command.BeadId, (bead, now) => bead.HoldBy(now), clock.GetUtcNow(), cancellationToken);
}

/// <summary>Hold and release: one change of a bead's hold flags, with its event; a release that frees it arms the alarm.</summary>
internal static class BeadHolds
{
    public static async ValueTask<Result<BeadResponse>> ChangeAsync(
        ILedgerStores ledgers, BeadLinks links, Guid rigId, Guid beadId, Func<Bead, DateTimeOffset, Domain.Transition<Bead>> change,
        DateTimeOffset now, CancellationToken ct)
    {
        Bead after;
        await using (var ledger = await ledgers.OpenAsync(rigId, LedgerAccess.Write, ct))
        {
            if (await ledger.Beads.GetAsync(beadId, ct) is not { } bead) return Result.NotFound("Bead not found.");
            if (bead.IsTerminal) return Result.Conflict($"The bead is already {(bead.Status == BeadStatus.Closed ? "closed" : "cancelled")}.");
            var changed = change(bead, now);
            after = changed.State;
            if (changed.Events.Count == 0) return await links.AttachAsync(BeadResponse.From(bead), ct);
            await ledger.Beads.SetHoldAsync(bead.Id, after.Hold, ct);
            await ledger.Beads.AppendEventsAsync(changed.Events, ct);
            if (after.IsUnblocked && after.Status == BeadStatus.Open) await ledger.Alarm.ArmAsync(now, ct);
            await ledger.CommitAsync(ct);
        }
        return await links.AttachAsync(BeadResponse.From(after), ct);
    }
}
