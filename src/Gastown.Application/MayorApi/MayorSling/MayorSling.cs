using Ardalis.Result;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Security;
using Mediator;

namespace Gastown.Application.MayorApi.MayorSling;

/// <summary>The mayor slings a bead into a rig of its own town (never another town's), optionally after other beads of it.</summary>
/// <param name="DependsOn">Beads of the mayor's town (any rig) that must be merged before this one is dispatched.</param>
public sealed record MayorSling(Guid AgentId, Guid RigId, string Title, string? Body, string? Model, IReadOnlyList<Guid>? DependsOn = null)
    : ICommand<Result<SlingResponse>>, IMayorRigRequest;

internal sealed class MayorSlingHandler(DependentSling sling) : ICommandHandler<MayorSling, Result<SlingResponse>>
{
    public async ValueTask<Result<SlingResponse>> Handle(MayorSling command, CancellationToken cancellationToken) =>
        await sling.SlingAsync(command.RigId, command.Title, command.Body, command.Model, command.DependsOn,
            $"mayor:{command.AgentId}", cancellationToken);
}
