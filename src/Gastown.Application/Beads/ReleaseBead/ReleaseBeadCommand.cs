using Gastown.Application.Beads.HoldBead;

namespace Gastown.Application.Beads.ReleaseBead;

/// <summary>Releases a person's hold: the bead is dispatchable again once its blockers have merged (the alarm armed for now).</summary>
public sealed record ReleaseBeadCommand(Guid RigId, Guid BeadId) : ICommand<Result<BeadResponse>>, IRigRequest;

internal sealed class ReleaseBeadHandler(ILedgerStores ledgers, TimeProvider clock, BeadLinks links) : ICommandHandler<ReleaseBeadCommand, Result<BeadResponse>>
{
    public ValueTask<Result<BeadResponse>> Handle(ReleaseBeadCommand command, CancellationToken cancellationToken) =>
        BeadHolds.ChangeAsync(ledgers, links, command.RigId, command.BeadId, (bead, now) => bead.ReleaseHold(now), clock.GetUtcNow(), cancellationToken);
}
