using Gastown.Application.Agents;
using Gastown.Application.Dispatch;

namespace Gastown.Application.Beads.SlingBead;

/// <summary>Hands new work to a rig: answers at once, the rig's alarm does the slow part.</summary>
/// <param name="DependsOn">Beads of this town (any rig) that must be merged before this one is dispatched.</param>
/// <param name="RequestId">An idempotency key (the <c>Idempotency-Key</c> header): a retry with it answers the first response.</param>
public sealed record SlingBeadCommand(Guid RigId, string Title, string? Body, string? Model, IReadOnlyList<Guid>? DependsOn = null, string? RequestId = null)
    : ICommand<Result<SlingResponse>>, IRigRequest, IIdempotentRequest;

/// <summary>The new bead, the polecat it is hooked to (null when queued), and whether it waits for a free polecat.</summary>
public sealed record SlingResponse(BeadResponse Bead, AgentResponse? Agent, bool Queued)
{
    public static SlingResponse From(SlingResult slung) =>
        new(BeadResponse.From(slung.Bead), slung.Agent is null ? null : AgentResponse.From(slung.Agent), slung.Queued);
}

internal sealed class SlingBeadHandler(Slinger slinger, ICurrentActor current, Dependencies dependencies, BeadLinks links)
    : ICommandHandler<SlingBeadCommand, Result<SlingResponse>>
{
    public async ValueTask<Result<SlingResponse>> Handle(SlingBeadCommand command, CancellationToken cancellationToken) =>
        await slinger.SlingWithBlockersAsync(dependencies, links, command.RigId, command.Title, command.Body, command.Model, command.DependsOn,
            current.Actor.UserId!.Value.ToString(), cancellationToken);
}
