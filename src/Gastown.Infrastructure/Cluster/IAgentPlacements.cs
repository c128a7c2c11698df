namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Where each agent's current run lives: the node that started it and the generation, with that node's address and
/// last heartbeat, so a container call for the agent can go to its node. Shared by the nodes (PostgreSQL).
/// </summary>
internal interface IAgentPlacements
{
    Task RecordAsync(Guid agentId, string nodeId, int generation, CancellationToken ct);

    /// <summary>Synchronous, for <c>ITownContainer.GetStatus</c> (a synchronous port).</summary>
    AgentPlacement? Find(Guid agentId);

    Task<AgentPlacement?> FindAsync(Guid agentId, CancellationToken ct);
}
