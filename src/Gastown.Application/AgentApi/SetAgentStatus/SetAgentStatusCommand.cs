using Gastown.Application.Agents;

namespace Gastown.Application.AgentApi.SetAgentStatus;

/// <summary>The agent's one-line "what I am doing now" (gt_status), shown on the agent in the API and dashboard.</summary>
public sealed record SetAgentStatusCommand(Guid AgentId, string Message) : ICommand<Result<AgentResponse>>, IAgentRequest
{
    public const int MaxLength = 300;
}

/// <summary>Stores the line and its time; like any agent call it also counts as proof of life.</summary>
internal sealed class SetAgentStatusHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<SetAgentStatusCommand, Result<AgentResponse>>
{
    public async ValueTask<Result<AgentResponse>> Handle(SetAgentStatusCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var updated = scope.Agent.ReportStatus(command.Message.Trim(), clock.GetUtcNow());
        await scope.Ledger.Agents.UpdateAsync(updated, cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return AgentResponse.From(updated);
    }
}
