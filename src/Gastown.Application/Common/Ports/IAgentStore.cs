namespace Gastown.Application.Common.Ports;

/// <summary>A store's agents, in the session's transaction.</summary>
public interface IAgentStore
{
    Task InsertAsync(Agent agent, CancellationToken ct);
    Task UpdateAsync(Agent agent, CancellationToken ct);
    Task<Agent?> GetAsync(Guid agentId, CancellationToken ct);
    Task<IReadOnlyList<Agent>> ListAsync(CancellationToken ct);
    Task<Agent?> FindByRoleAsync(AgentRole role, CancellationToken ct);

    /// <summary>An idle polecat with nothing hooked, the one idle longest first.</summary>
    Task<Agent?> FindFreePolecatAsync(CancellationToken ct);

    /// <summary>
    /// What a sling asks together, in one read: whether any issue bead waits in the queue
    /// (<see cref="IBeadStore.HasQueuedAsync"/>), and the polecat <see cref="FindFreePolecatAsync"/> finds.
    /// </summary>
    Task<(bool Queued, Agent? Free)> FindQueueAndFreePolecatAsync(CancellationToken ct);

    /// <summary>Polecats that are not dead (the cap counts only these).</summary>
    Task<int> CountLivePolecatsAsync(CancellationToken ct);

    /// <summary>Removes an agent and its mail.</summary>
    Task DeleteAsync(Guid agentId, CancellationToken ct);
}
