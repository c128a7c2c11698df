using Gastown.Application.Agents;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.SaveCheckpoint;

/// <summary>Where the agent got to (JSON), handed back in its prompt if it has to be started again.</summary>
public sealed record SaveCheckpointCommand(Guid AgentId, string Data) : ICommand<Result<AgentResponse>>, IAgentRequest
{
    public const int MaxLength = 64 * 1024;
}

internal sealed class SaveCheckpointHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<SaveCheckpointCommand, Result<AgentResponse>>
{
    public async ValueTask<Result<AgentResponse>> Handle(SaveCheckpointCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var saved = await scope.Ledger.SaveAsync(scope.Agent.SaveCheckpoint(command.Data, clock.GetUtcNow()), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return AgentResponse.From(saved);
    }
}
