using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.CloseConvoy;

/// <summary>
/// Closes a convoy: status <c>closed</c> (once: a landed or closed convoy → 409), then every open tracked bead is
/// cancelled and its agent stopped, rig by rig.
/// </summary>
public sealed record CloseConvoyCommand(Guid TownId, Guid ConvoyId) : ICommand<Result<ConvoyDetailResponse>>, ITownOrMayorRequest;

internal sealed class CloseConvoyHandler(
    IConvoyStore convoys, ILedgerStores ledgers, ITownContainer container, IManagementQueue background, ConvoyTracker tracker, ConvoyViews views,
    TimeProvider clock)
    : ICommandHandler<CloseConvoyCommand, Result<ConvoyDetailResponse>>
{
    private static readonly ConvoyStatus[] Open = [ConvoyStatus.Staged, ConvoyStatus.Active, ConvoyStatus.Blocked, ConvoyStatus.Landing];

    public async ValueTask<Result<ConvoyDetailResponse>> Handle(CloseConvoyCommand command, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var found = await ConvoyAccess.FindAsync(convoys, command.TownId, command.ConvoyId, ct);
        if (!found.IsSuccess) return found.Map();
        if (!await convoys.TryTransitionAsync(command.ConvoyId, Open, ConvoyStatus.Closed, clock.GetUtcNow(), ct))
            return Result.Conflict($"The convoy is already {found.Value.Status.ToString().ToLowerInvariant()}.");

        var members = await convoys.ListBeadsAsync(command.ConvoyId, ct);
        foreach (var store in members.Select(member => member.StoreId).Distinct())
        {
            if (!ledgers.Exists(store)) continue;
            var stops = new List<Guid>();
            var keptBranch = false;
            await using (var ledger = await ledgers.OpenAsync(store, LedgerAccess.Write, ct))
            {
                var now = clock.GetUtcNow();
                foreach (var bead in await ledger.Beads.ListByConvoyAsync(command.ConvoyId, ct))
                {
                    if (bead.IsTerminal) continue;
                    var (_, stop, kept) = await BeadCancellation.CancelAsync(ledger, bead, now, ct);
                    if (stop is { } agentId) stops.Add(agentId);
                    keptBranch |= kept;
                }
                await ledger.CommitAsync(ct);
            }
            foreach (var agentId in stops) await container.StopAgentAsync(agentId, CancellationToken.None);
            if (keptBranch) background.CleanUpBranches(store);
        }
        var closed = (await convoys.GetAsync(command.ConvoyId, ct))!;
        await tracker.AnnounceAsync(closed, ConvoyEventType.Closed, null, ct);
        return await views.DetailAsync(closed, ct);
    }
}
