namespace Gastown.Infrastructure.Agents;

/// <summary>One coding-agent CLI: its npm package (pinned in tools/agents/package.json), its binary, its model provider.</summary>
public sealed record AgentCli(string Preset, string Package, string Version, string Binary, string Provider);
