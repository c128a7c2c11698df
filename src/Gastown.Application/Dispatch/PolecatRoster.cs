namespace Gastown.Application.Dispatch;

/// <summary>
/// Finds a polecat for new work: an idle, unhooked one of the rig, else a new one while the rig has fewer than
/// the rig's cap (its own, else its town's, else the server's MaxPolecatsPerRig) of live (not dead) polecats. New names are unique within the town, claimed in the directory.
/// </summary>
public sealed class PolecatRoster(ITownDirectory directory, TownSettings settings)
{
    private const int NameClaimTries = 32;
    private const int NameSpread = 4;

    public async Task<AcquiredPolecat?> AcquireAsync(ILedgerSession ledger, DateTimeOffset now, CancellationToken ct) =>
        await AcquireAsync(ledger, await ledger.Agents.FindFreePolecatAsync(ct), now, ct);

    /// <param name="free">What <see cref="IAgentStore.FindFreePolecatAsync"/> found in this transaction.</param>
    public async Task<AcquiredPolecat?> AcquireAsync(ILedgerSession ledger, Agent? free, DateTimeOffset now, CancellationToken ct)
    {
        if (free is not null) return new AcquiredPolecat(free, IsNew: false);
        if (await CapReachedAsync(ledger, free, ct) is not null) return null;

        var identity = ledger.Identity;
        for (var attempt = 0; attempt < NameClaimTries; attempt++)
        {
            // Other rigs of the town claim names at the same moment: read what is taken now, aim at one of the first
            // few free names, and let the directory's unique constraint decide.
            var taken = await directory.ListAgentNamesAsync(identity.TownId, ct);
            var name = attempt == 0 ? PolecatNames.FirstFree(taken) : PolecatNames.AnyEarlyFree(taken, NameSpread, Random.Shared);
            var polecat = Agent.NewPolecat(identity.Name, name, now);
            if (await directory.TryRegisterAgentAsync(new AgentRegistration(polecat.Id, identity.TownId, identity.StoreId, polecat.Name), ct))
            {
                await ledger.Agents.InsertAsync(polecat, ct);
                return new AcquiredPolecat(polecat, IsNew: true);
            }
        }
        throw new InvalidOperationException($"Could not claim a polecat name in town {identity.TownId} after {NameClaimTries} tries.");
    }

    /// <summary>
    /// The rig's polecat cap when new work would find no polecat: none free (<paramref name="free"/>, as
    /// <see cref="IAgentStore.FindFreePolecatAsync"/> found) and as many live polecats as the cap; else null.
    /// </summary>
    public async Task<int?> CapReachedAsync(ILedgerSession ledger, Agent? free, CancellationToken ct)
    {
        if (free is not null) return null;
        var cap = await settings.MaxPolecatsAsync(ledger.Identity, ct);
        return await ledger.Agents.CountLivePolecatsAsync(ct) >= cap ? cap : null;
    }

    /// <summary>Takes back a name claimed for a polecat whose transaction did not commit.</summary>
    public Task ReleaseAsync(AcquiredPolecat? acquired) =>
        acquired is { IsNew: true } ? directory.UnregisterAgentAsync(acquired.Agent.Id, CancellationToken.None) : Task.CompletedTask;
}
