using Ardalis.Result;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Security;
using Gastown.Application.Dispatch;
using Mediator;

namespace Gastown.Application.MayorApi.MayorSling;

/// <summary>The mayor slings a bead into a rig of its own town (never another town's).</summary>
public sealed record MayorSling(Guid AgentId, Guid RigId, string Title, string? Body, string? Model)
    : ICommand<Result<SlingResponse>>, IMayorRigRequest;

internal sealed class MayorSlingHandler(Slinger slinger) : ICommandHandler<MayorSling, Result<SlingResponse>>
{
    public async ValueTask<Result<SlingResponse>> Handle(MayorSling command, CancellationToken cancellationToken) =>
        Result.Created(SlingResponse.From(await slinger.SlingAsync(
            command.RigId, command.Title, command.Body, command.Model, $"mayor:{command.AgentId}", cancellationToken)));
}
