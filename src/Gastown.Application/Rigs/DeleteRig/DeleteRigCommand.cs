using Gastown.Application.Towns.DeleteTown;

namespace Gastown.Application.Rigs.DeleteRig;

/// <summary>
/// Deletes a rig. The answer comes at once: the rig and its agents are gone from the directory and a pending deletion
/// is recorded in the same transaction; stopping its agents and removing its store and workspace finish in the
/// background (durably: a restart resumes it), and its alarm dispatches nothing more meanwhile.
/// </summary>
public sealed record DeleteRigCommand(Guid RigId) : ICommand<Result<DeletionResponse>>, IRigRequest;

internal sealed class DeleteRigHandler(
    ITownDirectory directory, ITownManagement management, ILedgerStores ledgers, IManagementQueue background, TimeProvider clock)
    : ICommandHandler<DeleteRigCommand, Result<DeletionResponse>>
{
    public async ValueTask<Result<DeletionResponse>> Handle(DeleteRigCommand command, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(command.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        IReadOnlyList<Guid> agents = [];
        if (ledgers.Exists(rig.Id))
        {
            await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken);
            agents = [.. (await ledger.Agents.ListAsync(cancellationToken)).Select(agent => agent.Id)];
        }
        await management.RemoveRigAsync(new PendingDeletion(rig.Id, LedgerKind.Rig, rig.TownId, agents, clock.GetUtcNow()), cancellationToken);
        background.DeletionPending(rig.Id);
        return new DeletionResponse(rig.Id, 1);
    }
}
