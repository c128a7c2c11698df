using Gastown.Application.Beads;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.Escalate;

/// <summary>An agent asks a person for help: an escalation bead about its hooked work.</summary>
public sealed record EscalateCommand(Guid AgentId, string Title, string? Body, string? Priority) : ICommand<Result<BeadResponse>>, IAgentRequest;

internal sealed class EscalateHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<EscalateCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(EscalateCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var priority = command.Priority is null ? BeadPriority.Medium : EnumText.Parse<BeadPriority>(command.Priority);
        var escalation = await scope.Ledger.InsertAsync(Bead.Escalation(scope.Agent.HookedBeadId, scope.Agent.Id,
            command.Title, command.Body ?? "", priority, clock.GetUtcNow()), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return Result.Created(BeadResponse.From(escalation));
    }
}
