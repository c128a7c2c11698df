namespace Gastown.Application.Agents;

/// <summary>An agent (polecat or mayor) as the API shows it.</summary>
public sealed record AgentResponse(
    Guid Id,
    string Role,
    string Name,
    string Identity,
    string Status,
    Guid? HookedBeadId,
    int Generation,
    int? ProcessId,
    DateTimeOffset? LastActivityAt,
    int RestartCount,
    string? Checkpoint,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StatusLine = null,
    DateTimeOffset? StatusLineAt = null,
    string? LastError = null,
    DateTimeOffset? NextAttemptAt = null,
    string? PausedReason = null,
    DateTimeOffset? RateLimitedUntil = null,
    string? NodeId = null)
{
    public static AgentResponse From(Agent agent) => new(
        agent.Id, agent.Role.ToText(), agent.Name, agent.Identity, agent.Status.ToText(), agent.HookedBeadId,
        agent.Generation, agent.ProcessId, agent.LastActivityAt, agent.RestartCount, agent.Checkpoint,
        agent.CreatedAt, agent.UpdatedAt, agent.StatusLine, agent.StatusLineAt, agent.LastError, agent.NextAttemptAt,
        agent.PausedReason, agent.RateLimitedUntil, agent.NodeId);

    public static IReadOnlyList<AgentResponse> From(IEnumerable<Agent> agents) => [.. agents.Select(From)];
}
