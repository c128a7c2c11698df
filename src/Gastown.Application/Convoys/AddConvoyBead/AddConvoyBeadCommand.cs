using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.AddConvoyBead;

/// <summary>
/// Adds an existing bead of the town to a convoy, optionally replacing its blockers (<c>dependsOn</c>: bead ids of the
/// town). A bead already in a convoy, or a landed or closed convoy → 409; a bead of no rig of the town → 404; a cycle
/// → 400. In a staged convoy the bead is held with it.
/// </summary>
public sealed record AddConvoyBeadCommand(Guid TownId, Guid ConvoyId, Guid BeadId, IReadOnlyList<Guid>? DependsOn = null)
    : ICommand<Result<ConvoyDetailResponse>>, ITownRequest;

internal sealed class AddConvoyBeadHandler(
    IConvoyStore convoys, ILedgerStores ledgers, Dependencies dependencies, ConvoyTracker tracker, ConvoyViews views, TimeProvider clock)
    : ICommandHandler<AddConvoyBeadCommand, Result<ConvoyDetailResponse>>
{
    public async ValueTask<Result<ConvoyDetailResponse>> Handle(AddConvoyBeadCommand command, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var found = await ConvoyAccess.FindOpenAsync(convoys, command.TownId, command.ConvoyId, ct);
        if (!found.IsSuccess) return found.Map();

        var located = await dependencies.LocateAsync(command.TownId, Guid.Empty, [command.BeadId], ct);
        if (!located.IsSuccess) return Result.NotFound("beadId: bead not found in this town.");
        var storeId = located.Value[0].StoreId;
        if (await convoys.FindConvoyOfAsync(command.BeadId, ct) is { } other)
            return Result.Conflict(other == command.ConvoyId ? "The bead is already in this convoy." : "The bead is in another convoy.");

        if (command.DependsOn is { } dependsOn)
        {
            var blockers = dependsOn.Count == 0 ? Result.Success<IReadOnlyList<BlockerRef>>([])
                : await dependencies.LocateAsync(command.TownId, storeId, dependsOn, ct);
            if (!blockers.IsSuccess) return blockers.Map();
            var replaced = await dependencies.ReplaceAsync(command.TownId, new BeadNode(command.BeadId, storeId), blockers.Value, ct);
            if (!replaced.IsSuccess) return replaced.Map();
        }
        if (!await convoys.TryAddBeadAsync(new ConvoyBead(command.ConvoyId, command.BeadId, storeId, 0), ct))
            return Result.Conflict("The bead is in another convoy.");

        var now = clock.GetUtcNow();
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct))
        {
            var bead = (await ledger.Beads.GetAsync(command.BeadId, ct))!;
            await ledger.Beads.SetConvoyAsync(bead.Id, command.ConvoyId, ct);
            if (found.Value.Status == ConvoyStatus.Staged) await ledger.Beads.SetHoldAsync(bead.Id, bead.Hold | BeadHold.Convoy, ct);
            await ledger.Beads.AppendEventAsync(BeadEvent.Of(bead.Id, null, BeadEventType.JoinedConvoy, now, newValue: command.ConvoyId.ToString()), ct);
            await ledger.CommitAsync(ct);
        }
        await tracker.EvaluateAsync(command.ConvoyId, ct);
        return await views.DetailAsync((await convoys.GetAsync(command.ConvoyId, ct))!, ct);
    }
}
