using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.RemoveConvoyBead;

/// <summary>
/// Stops tracking a bead: it stays in its rig with its dependencies (a staged convoy's hold lifted), and the convoy's
/// status is evaluated again. A bead the convoy does not track → 404; a landed or closed convoy → 409.
/// </summary>
public sealed record RemoveConvoyBeadCommand(Guid TownId, Guid ConvoyId, Guid BeadId) : ICommand<Result<ConvoyDetailResponse>>, ITownRequest;

internal sealed class RemoveConvoyBeadHandler(IConvoyStore convoys, ILedgerStores ledgers, ConvoyTracker tracker, ConvoyViews views, TimeProvider clock)
    : ICommandHandler<RemoveConvoyBeadCommand, Result<ConvoyDetailResponse>>
{
    public async ValueTask<Result<ConvoyDetailResponse>> Handle(RemoveConvoyBeadCommand command, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var found = await ConvoyAccess.FindOpenAsync(convoys, command.TownId, command.ConvoyId, ct);
        if (!found.IsSuccess) return found.Map();
        var member = (await convoys.ListBeadsAsync(command.ConvoyId, ct)).FirstOrDefault(bead => bead.BeadId == command.BeadId);
        if (member is null || !await convoys.RemoveBeadAsync(command.ConvoyId, command.BeadId, ct)) return Result.NotFound("The convoy does not track this bead.");

        if (ledgers.Exists(member.StoreId))
        {
            var now = clock.GetUtcNow();
            await using var ledger = await ledgers.OpenAsync(member.StoreId, LedgerAccess.Write, ct);
            if (await ledger.Beads.GetAsync(command.BeadId, ct) is { } bead)
            {
                await ledger.Beads.SetConvoyAsync(bead.Id, null, ct);
                if ((bead.Hold & BeadHold.Convoy) != 0) await ledger.Beads.SetHoldAsync(bead.Id, bead.Hold & ~BeadHold.Convoy, ct);
                await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.LeftConvoy, now, oldValue: command.ConvoyId.ToString()), ct);
                await ledger.Alarm.ArmAsync(now, ct);
                await ledger.CommitAsync(ct);
            }
        }
        await tracker.EvaluateAsync(command.ConvoyId, ct);
        return await views.DetailAsync((await convoys.GetAsync(command.ConvoyId, ct))!, ct);
    }
}
