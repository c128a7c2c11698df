using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>Everything a preset builds one run from.</summary>
/// <param name="Workspace">The agent's working directory (its worktree, or the mayor's workspace).</param>
/// <param name="Home">The agent's private HOME and config root, outside the worktree, kept across its runs.</param>
/// <param name="McpUrl">The server's <c>/mcp</c>; the CLI sends <c>GASTOWN_SESSION_TOKEN</c> as bearer, expanded from its environment.</param>
/// <param name="Model">The model to ask for; null: the CLI's own default.</param>
/// <param name="Endpoint">Where the provider's API answers (and its key); null: the CLI's default endpoint and the user's own key.</param>
/// <param name="Prompt">The role prompt (<see cref="RolePrompt"/>).</param>
/// <param name="ResumeSessionId">The CLI's own session to continue (the mayor's), or null for a fresh one.</param>
public sealed record AgentRun(
    AgentLaunch Launch,
    string Workspace,
    string Home,
    Uri McpUrl,
    string? Model,
    ModelEndpoint? Endpoint,
    string Prompt,
    string? ResumeSessionId,
    AgentsOptions.RoleAgentOptions RoleOptions);

/// <summary>
/// A process to start: executable and argument list (never a shell), environment on top of the container's, files
/// that must sit in the workspace (git-excluded, never committed), and the parser of its output.
/// </summary>
public sealed class AgentInvocation(string fileName)
{
    public string FileName { get; } = fileName;
    public List<string> Arguments { get; } = [];
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Path relative to the workspace → content. Each is added to the repository's exclude file first.</summary>
    public Dictionary<string, string> WorkspaceFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>The CLI takes its whole task from its arguments: stdin is closed at once (some wait for EOF otherwise).</summary>
    public bool CloseInput { get; init; }

    public IAgentStreamParser? Parser { get; init; }

    public AgentInvocation Add(params string[] arguments)
    {
        Arguments.AddRange(arguments);
        return this;
    }
}

/// <summary>How one kind of agent is run.</summary>
public interface IAgentPreset
{
    string Name { get; }

    /// <summary>The provider whose endpoint it uses (<see cref="AgentClis"/>), or null.</summary>
    string? Provider { get; }

    /// <summary>Error when the agent cannot be run here (its CLI is not installed, no command configured).</summary>
    Result<AgentInvocation> Build(AgentRun run);
}
