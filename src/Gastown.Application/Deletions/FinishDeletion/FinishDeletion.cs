using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Mediator;

namespace Gastown.Application.Deletions.FinishDeletion;

/// <summary>
/// The background half of deleteTown and deleteRig, sent by the management worker as the system (again at start-up
/// for every deletion a restart interrupted): stop the store's agents for good, remove its workspace and its ledger
/// file, then drop the pending-deletion record. Each step is idempotent, so a repeat finishes what is left.
/// </summary>
public sealed record FinishDeletion(Guid StoreId) : ICommand<Result>;

internal sealed class FinishDeletionHandler(ITownManagement management, IStoreJanitor janitor, ILedgerStores ledgers)
    : ICommandHandler<FinishDeletion, Result>
{
    public async ValueTask<Result> Handle(FinishDeletion command, CancellationToken cancellationToken)
    {
        var pending = (await management.ListPendingDeletionsAsync(cancellationToken)).FirstOrDefault(d => d.StoreId == command.StoreId);
        if (pending is null) return Result.NotFound("No deletion is pending for this store.");

        await janitor.RetireAsync(pending.StoreId, pending.Kind, pending.TownId, pending.AgentIds, cancellationToken);
        await ledgers.DeleteAsync(pending.StoreId, cancellationToken);
        await management.CompleteDeletionAsync(pending.StoreId, cancellationToken);
        return Result.Success();
    }
}
