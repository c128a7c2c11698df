using Ardalis.Result;
using Gastown.Application.Agents;
using Gastown.Application.Common.Security;
using Gastown.Application.Dispatch;
using Mediator;

namespace Gastown.Application.Beads.SlingBead;

/// <summary>Hands new work to a rig: answers at once, the rig's alarm does the slow part.</summary>
public sealed record SlingBead(Guid RigId, string Title, string? Body, string? Model) : ICommand<Result<SlingResponse>>, IRigRequest;

/// <summary>The new bead, the polecat it is hooked to (null when queued), and whether it waits for a free polecat.</summary>
public sealed record SlingResponse(BeadResponse Bead, AgentResponse? Agent, bool Queued)
{
    public static SlingResponse From(SlingResult slung) =>
        new(BeadResponse.From(slung.Bead), slung.Agent is null ? null : AgentResponse.From(slung.Agent), slung.Queued);
}

internal sealed class SlingBeadHandler(Slinger slinger, ICurrentActor current) : ICommandHandler<SlingBead, Result<SlingResponse>>
{
    public async ValueTask<Result<SlingResponse>> Handle(SlingBead command, CancellationToken cancellationToken) =>
        Result.Created(SlingResponse.From(await slinger.SlingAsync(
            command.RigId, command.Title, command.Body, command.Model, current.Actor.UserId!.Value.ToString(), cancellationToken)));
}
