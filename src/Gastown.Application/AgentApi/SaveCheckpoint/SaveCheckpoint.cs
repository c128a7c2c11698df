using Ardalis.Result;
using Gastown.Application.Agents;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.AgentApi.SaveCheckpoint;

/// <summary>Where the agent got to (JSON), handed back in its prompt if it has to be started again.</summary>
public sealed record SaveCheckpoint(Guid AgentId, string Data) : ICommand<Result<AgentResponse>>, IAgentRequest
{
    public const int MaxLength = 64 * 1024;
}

internal sealed class SaveCheckpointHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<SaveCheckpoint, Result<AgentResponse>>
{
    public async ValueTask<Result<AgentResponse>> Handle(SaveCheckpoint command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var now = clock.GetUtcNow();
        var saved = scope.Agent with { Checkpoint = command.Data, LastActivityAt = now, UpdatedAt = now };
        await scope.Ledger.UpdateAgentAsync(saved, cancellationToken);
        if (saved.HookedBeadId is { } beadId)
            await scope.Ledger.AppendEventAsync(BeadEvent.Of(beadId, saved.Id, BeadEventType.Checkpointed, now), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return AgentResponse.From(saved);
    }
}
