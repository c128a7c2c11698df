using Gastown.Application.Dispatch;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Agents.Presets;
using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents;

/// <summary>
/// Picks the preset of a launch (the town's override, else <c>Gastown:Agents:&lt;Role&gt;:Preset</c>, else
/// <c>command</c> when a command is configured, else <c>demo</c>) and resolves its model and endpoint the same way.
/// </summary>
public sealed class AgentPresets
{
    public const string Demo = "demo";
    public const string Command = "command";

    public static readonly IReadOnlyList<string> Names = [Demo, "claude", "codex", "opencode", "kilo", "gemini", Command];

    private readonly AgentsOptions _options;
    private readonly ContainerOptions _container;
    private readonly Dictionary<string, IAgentPreset> _presets;

    public AgentPresets(IOptions<AgentsOptions> options, IOptions<ContainerOptions> container, AgentTools tools)
    {
        Tools = tools;
        _options = options.Value;
        _container = container.Value;
        _presets = new Dictionary<string, IAgentPreset>(StringComparer.OrdinalIgnoreCase)
        {
            ["claude"] = new ClaudePreset(tools),
            ["codex"] = new CodexPreset(tools),
            ["opencode"] = new OpenCodePreset(tools, "opencode"),
            ["kilo"] = new OpenCodePreset(tools, "kilo"),
            ["gemini"] = new GeminiPreset(tools),
        };
    }

    public AgentsOptions Options => _options;

    public AgentTools Tools { get; }

    /// <summary>The preset this role runs by the server's configuration (a town may override it).</summary>
    public string PresetName(string role, AgentOverrides? overrides = null)
    {
        if (overrides?.Preset is { Length: > 0 } fromTown) return fromTown.ToLowerInvariant();
        var options = _options.For(role);
        if (options.Preset.Length > 0) return options.Preset.ToLowerInvariant();
        return CommandOf(role).Length > 0 ? Command : Demo;
    }

    public IAgentPreset? Find(string name) => _presets.GetValueOrDefault(name);

    /// <summary>The endpoint a provider's CLI uses: the town's, field by field over the server's; null when neither sets anything.</summary>
    public ModelEndpoint? EndpointFor(string? provider, AgentOverrides? overrides = null)
    {
        if (provider is null) return null;
        var server = provider switch
        {
            AgentClis.Anthropic => _options.Endpoints.Anthropic,
            AgentClis.OpenAI => _options.Endpoints.OpenAI,
            _ => _options.Endpoints.Gemini,
        };
        var town = overrides?.Endpoints?.GetValueOrDefault(provider);
        var baseUrl = town?.BaseUrl is { Length: > 0 } townUrl ? townUrl : server.BaseUrl.Length > 0 ? server.BaseUrl : null;
        var apiKey = town?.ApiKey is { Length: > 0 } townKey ? townKey : server.ApiKey.Length > 0 ? server.ApiKey : null;
        return baseUrl is null && apiKey is null ? null : new ModelEndpoint(baseUrl, apiKey);
    }

    /// <summary>The bead's model, or for the default (<c>kilo/auto</c>) the town's, else the role's; null: the CLI's default.</summary>
    public string? ModelFor(AgentLaunch launch)
    {
        if (!string.IsNullOrWhiteSpace(launch.Model) && launch.Model != Slinger.DefaultModel) return launch.Model;
        if (launch.Overrides?.Model is { Length: > 0 } fromTown) return fromTown;
        return _options.For(launch.Role.ToText()).Model is { Length: > 0 } configured ? configured : null;
    }

    /// <summary>The model a CLI asks for when none is configured: its own default, else (opencode, Kilo) the preset's name for the endpoint's.</summary>
    public static string CliDefaultModel(AgentCli cli) => cli.DefaultModel ?? OpenCodePreset.DefaultModelName;

    /// <summary>The model a role's runs of this CLI ask for, without a bead's or town's own: the role's configured one, else the CLI's default.</summary>
    public string ModelShown(string role, AgentCli cli) =>
        _options.For(role).Model is { Length: > 0 } configured ? configured : $"{CliDefaultModel(cli)} (CLI default)";

    /// <summary>
    /// The invocation of one run. <paramref name="workspace"/> is the agent's working directory, <paramref name="home"/>
    /// its private home; <paramref name="resumeSessionId"/> the CLI session to continue (the mayor's).
    /// </summary>
    public Result<AgentInvocation> Build(AgentLaunch launch, string workspace, string home, Uri mcpUrl, string? resumeSessionId, bool townSandboxed = false)
    {
        var role = launch.Role.ToText();
        var name = PresetName(role, launch.Overrides);
        var roleOptions = _options.For(role);
        if (name == Demo)
        {
            if (_container.DemoAgentCommand.Length == 0) return Result<AgentInvocation>.Error("there is no demo agent command");
            var demo = new CommandPreset(_container.DemoAgentCommand, Demo);
            return demo.Build(new AgentRun(launch, workspace, home, mcpUrl, null, null, launch.Prompt, null, new AgentsOptions.RoleAgentOptions()));
        }
        if (name == Command)
        {
            var command = new CommandPreset(CommandOf(role));
            return command.Build(new AgentRun(launch, workspace, home, mcpUrl, ModelFor(launch), null, launch.Prompt, null, new AgentsOptions.RoleAgentOptions()));
        }
        if (Find(name) is not { } preset)
            return Result<AgentInvocation>.Error($"unknown agent preset '{name}' (one of {string.Join(", ", Names)})");

        var run = new AgentRun(launch, workspace, home, mcpUrl, ModelFor(launch), EndpointFor(preset.Provider, launch.Overrides),
            RolePrompt.For(launch, workspace, resumed: resumeSessionId is not null), resumeSessionId, roleOptions, townSandboxed);
        return preset.Build(run);
    }

    /// <summary>The role's command: <c>Gastown:Agents:&lt;Role&gt;:Command</c>, else the older <c>Gastown:Container:Agents:&lt;role&gt;:Command</c>.</summary>
    private string[] CommandOf(string role)
    {
        if (_options.For(role).Command is { Length: > 0 } command) return command;
        return _container.Agents.TryGetValue(role, out var legacy) && legacy.Command is { Length: > 0 } old ? old : [];
    }
}
