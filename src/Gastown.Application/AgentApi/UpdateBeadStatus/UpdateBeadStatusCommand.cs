using Gastown.Application.Beads;
using Gastown.Application.Dispatch;

namespace Gastown.Application.AgentApi.UpdateBeadStatus;

/// <summary>An agent marks one of its beads open or in progress (closing has its own call; merged work closes itself).</summary>
public sealed record UpdateBeadStatusCommand(Guid AgentId, Guid BeadId, string Status) : ICommand<Result<BeadResponse>>, IAgentRequest
{
    public static readonly IReadOnlyList<string> Allowed = [BeadStatus.Open.ToText(), BeadStatus.InProgress.ToText()];
}

internal sealed class UpdateBeadStatusHandler(AgentAccess access, TimeProvider clock) : ICommandHandler<UpdateBeadStatusCommand, Result<BeadResponse>>
{
    public async ValueTask<Result<BeadResponse>> Handle(UpdateBeadStatusCommand command, CancellationToken cancellationToken)
    {
        var opened = await access.OpenAsync(command.AgentId, LedgerAccess.Write, cancellationToken);
        if (!opened.IsSuccess) return opened.Map();
        await using var scope = opened.Value;

        var bead = await scope.Ledger.Beads.GetAsync(command.BeadId, cancellationToken);
        if (bead is null || bead.AssigneeAgentId != scope.Agent.Id) return Result.NotFound("No such bead assigned to this agent.");
        if (bead.IsTerminal) return Result.Conflict($"The bead is already {bead.Status.ToText()}.");

        var updated = await scope.Ledger.SaveAsync(
            bead.ChangeStatus(EnumText.Parse<BeadStatus>(command.Status), scope.Agent.Id, clock.GetUtcNow()), cancellationToken);
        await scope.Ledger.CommitAsync(cancellationToken);
        return BeadResponse.From(updated);
    }
}
