namespace Gastown.Application.AgentApi.Heartbeat;

/// <summary>"Still alive": keeps a long, quiet piece of work from looking stuck to the patrol.</summary>
public sealed record HeartbeatCommand(Guid AgentId) : ICommand<Result<DateTimeOffset>>, IAgentRequest;

internal sealed class HeartbeatHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<HeartbeatCommand, Result<DateTimeOffset>>
{
    public async ValueTask<Result<DateTimeOffset>> Handle(HeartbeatCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var now = clock.GetUtcNow();
        await scope.Ledger.Agents.UpdateAsync(scope.Agent.RecordActivity(now), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return now;
    }
}
