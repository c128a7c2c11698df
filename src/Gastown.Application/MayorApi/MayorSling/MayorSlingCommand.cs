using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Dispatch;

namespace Gastown.Application.MayorApi.MayorSling;

/// <summary>
/// The mayor slings a bead into a rig of its own town (never another town's), optionally after other beads of the
/// town (<c>dependsOn</c>) and with an idempotency key (<c>requestId</c>: a retry answers the first response).
/// </summary>
public sealed record MayorSlingCommand(
    Guid AgentId, Guid RigId, string Title, string? Body, string? Model, IReadOnlyList<Guid>? DependsOn = null, string? RequestId = null)
    : ICommand<Result<SlingResponse>>, IMayorRigRequest, IIdempotentRequest;

internal sealed class MayorSlingHandler(Slinger slinger, Dependencies dependencies, Beads.BeadLinks links) : ICommandHandler<MayorSlingCommand, Result<SlingResponse>>
{
    public async ValueTask<Result<SlingResponse>> Handle(MayorSlingCommand command, CancellationToken cancellationToken) =>
        await slinger.SlingWithBlockersAsync(dependencies, links, command.RigId, command.Title, command.Body, command.Model, command.DependsOn,
            $"mayor:{command.AgentId}", cancellationToken);
}
