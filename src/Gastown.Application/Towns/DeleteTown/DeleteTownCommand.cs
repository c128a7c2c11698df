namespace Gastown.Application.Towns.DeleteTown;

/// <summary>
/// Deletes a town with all its rigs. The answer comes at once: the town is gone from every listing and lookup, and a
/// pending deletion is recorded for each of its stores in the same transaction; stopping the agents and removing the
/// files finishes in the background (and after a restart, if one comes first).
/// </summary>
public sealed record DeleteTownCommand(Guid TownId) : ICommand<Result<DeletionResponse>>, ITownRequest;

/// <summary>What a delete left to the background: how many stores (rig and town HQ ledgers) are still being cleaned up.</summary>
public sealed record DeletionResponse(Guid Id, int PendingStores);

internal sealed class DeleteTownHandler(
    ITownDirectory directory, ITownManagement management, ILedgerStores ledgers, IManagementQueue background, TimeProvider clock)
    : ICommandHandler<DeleteTownCommand, Result<DeletionResponse>>
{
    public async ValueTask<Result<DeletionResponse>> Handle(DeleteTownCommand command, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(command.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");

        var now = clock.GetUtcNow();
        var stores = (await directory.ListRigsAsync(town.Id, cancellationToken)).Select(rig => (rig.Id, LedgerKind.Rig))
            .Append((town.Id, LedgerKind.TownHq));
        var deletions = new List<PendingDeletion>();
        foreach (var (storeId, kind) in stores)
        {
            if (!ledgers.Exists(storeId)) continue;
            deletions.Add(new PendingDeletion(storeId, kind, town.Id, await AgentIdsAsync(storeId, cancellationToken), now));
        }

        await management.RemoveTownAsync(town.Id, deletions, cancellationToken);
        foreach (var deletion in deletions) background.DeletionPending(deletion.StoreId);
        return new DeletionResponse(town.Id, deletions.Count);
    }

    private async Task<IReadOnlyList<Guid>> AgentIdsAsync(Guid storeId, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct);
        return [.. (await ledger.Agents.ListAsync(ct)).Select(agent => agent.Id)];
    }
}
