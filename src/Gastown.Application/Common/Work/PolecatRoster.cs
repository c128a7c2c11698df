using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Microsoft.Extensions.Options;

namespace Gastown.Application.Common.Work;

/// <summary>A polecat for new work, and whether it was just registered (so a rolled-back caller can release its name).</summary>
public sealed record AcquiredPolecat(Agent Agent, bool IsNew);

/// <summary>
/// Finds a polecat for new work: an idle, unhooked one of the rig, else a new one while the rig has fewer than
/// MaxPolecatsPerRig live (not dead) polecats. New names are unique within the town, claimed in the directory.
/// </summary>
public sealed class PolecatRoster(ITownDirectory directory, IOptions<GastownOptions> options)
{
    private const int NameClaimTries = 16;

    public async Task<AcquiredPolecat?> AcquireAsync(ILedgerSession ledger, DateTimeOffset now, CancellationToken ct)
    {
        if (await ledger.FindFreePolecatAsync(ct) is { } free) return new AcquiredPolecat(free, IsNew: false);
        if (await ledger.CountLivePolecatsAsync(ct) >= options.Value.MaxPolecatsPerRig) return null;

        var identity = ledger.Identity;
        var taken = new HashSet<string>(await directory.ListAgentNamesAsync(identity.TownId, ct), StringComparer.Ordinal);
        for (var attempt = 0; attempt < NameClaimTries; attempt++)
        {
            var polecat = Agent.NewPolecat(identity.Name, PolecatNames.FirstFree(taken), now);
            // Another rig of the town may claim the same name at the same moment; the directory decides.
            if (await directory.TryRegisterAgentAsync(new AgentRegistration(polecat.Id, identity.TownId, identity.StoreId, polecat.Name), ct))
            {
                await ledger.InsertAgentAsync(polecat, ct);
                return new AcquiredPolecat(polecat, IsNew: true);
            }
            taken.Add(polecat.Name);
        }
        throw new InvalidOperationException($"Could not claim a polecat name in town {identity.TownId} after {NameClaimTries} tries.");
    }

    /// <summary>Takes back a name claimed for a polecat whose transaction did not commit.</summary>
    public Task ReleaseAsync(AcquiredPolecat? acquired) =>
        acquired is { IsNew: true } ? directory.UnregisterAgentAsync(acquired.Agent.Id, CancellationToken.None) : Task.CompletedTask;
}
