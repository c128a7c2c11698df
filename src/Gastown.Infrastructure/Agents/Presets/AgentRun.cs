using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>Everything a preset builds one run from.</summary>
/// <param name="Workspace">The agent's working directory (its worktree, or the mayor's workspace).</param>
/// <param name="Home">The agent's private HOME and config root, outside the worktree, kept across its runs.</param>
/// <param name="McpUrl">The server's <c>/mcp</c>; the CLI sends <c>GASTOWN_SESSION_TOKEN</c> as bearer, expanded from its environment.</param>
/// <param name="Model">The model to ask for; null: the CLI's own default.</param>
/// <param name="Endpoint">Where the provider's API answers (and its key); null: the CLI's default endpoint and the user's own key.</param>
/// <param name="Prompt">The role prompt (<see cref="RolePrompt"/>).</param>
/// <param name="ResumeSessionId">The CLI's own session to continue (the mayor's; a polecat's kept for the same bead and branch), or null for a fresh one.</param>
public sealed record AgentRun(
    AgentLaunch Launch,
    string Workspace,
    string Home,
    Uri McpUrl,
    string? Model,
    ModelEndpoint? Endpoint,
    string Prompt,
    string? ResumeSessionId,
    AgentsOptions.RoleAgentOptions RoleOptions,
    bool TownSandboxed = false);
