namespace Gastown.Infrastructure.Agents;

/// <summary>One coding-agent CLI: its npm package (pinned in tools/agents/package.json), its binary, its model provider.</summary>
/// <param name="DefaultModel">
/// The model the pinned version asks for when none is configured (seen by the end-to-end tests); null when the CLI has no
/// default of its own for a custom endpoint (opencode and Kilo: the preset names it <c>default</c>).
/// </param>
public sealed record AgentCli(string Preset, string Package, string Version, string Binary, string Provider, string? DefaultModel = null);
