using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>How one kind of agent is run.</summary>
public interface IAgentPreset
{
    string Name { get; }

    /// <summary>The provider whose endpoint it uses (<see cref="AgentClis"/>), or null.</summary>
    string? Provider { get; }

    /// <summary>Error when the agent cannot be run here (its CLI is not installed, no command configured).</summary>
    Result<AgentInvocation> Build(AgentRun run);
}
