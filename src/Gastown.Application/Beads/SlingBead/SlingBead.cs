using Ardalis.Result;
using Gastown.Application.Common.Security;
using Gastown.Application.Dispatch;
using Mediator;

namespace Gastown.Application.Beads.SlingBead;

/// <summary>Hands new work to a rig: answers at once, the rig's alarm does the slow part.</summary>
public sealed record SlingBead(Guid RigId, string Title, string? Body, string? Model) : ICommand<Result<SlingResult>>, IRigRequest;

internal sealed class SlingBeadHandler(Slinger slinger, ICurrentActor current) : ICommandHandler<SlingBead, Result<SlingResult>>
{
    public async ValueTask<Result<SlingResult>> Handle(SlingBead command, CancellationToken cancellationToken) =>
        Result.Created(await slinger.SlingAsync(
            command.RigId, command.Title, command.Body, command.Model, current.Actor.UserId!.Value.ToString(), cancellationToken));
}
