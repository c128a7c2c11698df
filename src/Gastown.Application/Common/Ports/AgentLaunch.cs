using Gastown.Domain.Agents;

namespace Gastown.Application.Common.Ports;

/// <summary>Everything the container needs to run one dispatch of an agent.</summary>
public sealed record AgentLaunch(
    Guid TownId,
    Guid StoreId,
    Guid AgentId,
    AgentRole Role,
    string Name,
    int Generation,
    string Prompt,
    string Model,
    string SessionToken,
    RepositoryRef? Repository,
    string? Branch,
    AgentOverrides? Overrides = null,
    IReadOnlyDictionary<string, string>? Environment = null);
