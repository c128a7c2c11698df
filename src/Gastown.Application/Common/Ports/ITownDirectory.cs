using Gastown.Domain.Towns;

namespace Gastown.Application.Common.Ports;

/// <summary>Towns, rigs and the town-wide agent registry, in the directory database (small, read on every request).</summary>
public interface ITownDirectory
{
    /// <summary>False when the owner already has a town of that name.</summary>
    Task<bool> TryAddTownAsync(Town town, CancellationToken ct);

    Task<Town?> GetTownAsync(Guid townId, CancellationToken ct);

    /// <summary>The owner's towns, newest first.</summary>
    Task<IReadOnlyList<Town>> ListTownsAsync(Guid ownerUserId, CancellationToken ct);

    /// <summary>False when the town already has a rig of that name.</summary>
    Task<bool> TryAddRigAsync(Rig rig, CancellationToken ct);

    Task RemoveRigAsync(Guid rigId, CancellationToken ct);

    Task<Rig?> GetRigAsync(Guid rigId, CancellationToken ct);

    /// <summary>The user who owns the rig's town (one read, for authorization); null when there is no such rig.</summary>
    Task<Guid?> GetRigOwnerAsync(Guid rigId, CancellationToken ct);

    /// <summary>The town's rigs, oldest first.</summary>
    Task<IReadOnlyList<Rig>> ListRigsAsync(Guid townId, CancellationToken ct);

    /// <summary>Every town and rig id: the candidates for a ledger store, for rebuilding alarms at start-up.</summary>
    Task<IReadOnlyList<Guid>> ListAllStoreIdsAsync(CancellationToken ct);

    /// <summary>Claims a name in the town for an agent; false when the town already has an agent of that name.</summary>
    Task<bool> TryRegisterAgentAsync(AgentRegistration registration, CancellationToken ct);

    Task UnregisterAgentAsync(Guid agentId, CancellationToken ct);

    Task<IReadOnlySet<string>> ListAgentNamesAsync(Guid townId, CancellationToken ct);

    Task<AgentRegistration?> FindAgentAsync(Guid agentId, CancellationToken ct);
}
