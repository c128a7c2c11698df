using Gastown.Application.Dispatch;

namespace Gastown.Application.Convoys.StartConvoy;

/// <summary>Starts a staged convoy: its ready beads are dispatched at once. Any other status → 409.</summary>
public sealed record StartConvoyCommand(Guid TownId, Guid ConvoyId) : ICommand<Result<ConvoyDetailResponse>>, ITownOrMayorRequest;

internal sealed class StartConvoyHandler(IConvoyStore convoys, ConvoyTracker tracker, ConvoyViews views, TimeProvider clock)
    : ICommandHandler<StartConvoyCommand, Result<ConvoyDetailResponse>>
{
    public async ValueTask<Result<ConvoyDetailResponse>> Handle(StartConvoyCommand command, CancellationToken cancellationToken)
    {
        var found = await ConvoyAccess.FindAsync(convoys, command.TownId, command.ConvoyId, cancellationToken);
        if (!found.IsSuccess) return found.Map();
        // The conditional UPDATE is the gate: of two racing starts, one starts it and the other is told it is not staged.
        if (!await convoys.TryTransitionAsync(command.ConvoyId, [ConvoyStatus.Staged], ConvoyStatus.Active, clock.GetUtcNow(), cancellationToken))
            return Result.Conflict($"The convoy is {found.Value.Status.ToString().ToLowerInvariant()}, not staged.");
        await tracker.ReleaseAsync(command.ConvoyId, cancellationToken);
        var started = (await convoys.GetAsync(command.ConvoyId, cancellationToken))!;
        await tracker.AnnounceAsync(started, ConvoyEventType.Started, null, cancellationToken);
        return await views.DetailAsync(started, cancellationToken);
    }
}
