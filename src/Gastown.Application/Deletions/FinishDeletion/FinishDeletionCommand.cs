namespace Gastown.Application.Deletions.FinishDeletion;

/// <summary>
/// The background half of deleteTown and deleteRig, sent by the management worker as the system (again at start-up
/// for every deletion a restart interrupted): stop the store's agents for good, remove its workspace and its ledger
/// file, then drop the pending-deletion record. Each step is idempotent, so a repeat finishes what is left.
/// </summary>
public sealed record FinishDeletionCommand(Guid StoreId) : ICommand<Result>, ISystemRequest;

internal sealed class FinishDeletionHandler(ITownManagement management, IStoreJanitor janitor, ILedgerStores ledgers)
    : ICommandHandler<FinishDeletionCommand, Result>
{
    public async ValueTask<Result> Handle(FinishDeletionCommand command, CancellationToken cancellationToken)
    {
        var pending = (await management.ListPendingDeletionsAsync(cancellationToken)).FirstOrDefault(d => d.StoreId == command.StoreId);
        if (pending is null) return Result.NotFound("No deletion is pending for this store.");

        // The agents recorded at the request, and any made since (a sling racing the delete), if the ledger is still there.
        var agents = new HashSet<Guid>(pending.AgentIds);
        if (ledgers.Exists(pending.StoreId))
        {
            await using var ledger = await ledgers.OpenAsync(pending.StoreId, LedgerAccess.Read, cancellationToken);
            agents.UnionWith((await ledger.Agents.ListAsync(cancellationToken)).Select(agent => agent.Id));
        }
        await janitor.RetireAsync(pending.StoreId, pending.Kind, pending.TownId, agents, cancellationToken);
        await ledgers.DeleteAsync(pending.StoreId, cancellationToken);
        await management.CompleteDeletionAsync(pending.StoreId, cancellationToken);
        return Result.Success();
    }
}
