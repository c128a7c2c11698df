namespace Gastown.Infrastructure.Agents;

/// <summary>
/// The "Gastown:Agents" configuration section: which agent each role runs (a preset), the model endpoints the CLIs
/// are pointed at, and where the CLIs are installed. A town's own settings (<c>AgentLaunch.Overrides</c>) win over it.
/// </summary>
public sealed class AgentsOptions
{
    public const string Section = "Gastown:Agents";

    public RoleAgentOptions Polecat { get; set; } = new();
    public RoleAgentOptions Mayor { get; set; } = new();

    public EndpointsOptions Endpoints { get; set; } = new();

    /// <summary>The folder holding <c>node_modules/.bin</c> of the CLIs. Empty: the project's own <c>tools/agents</c>, then PATH.</summary>
    public string ToolsDirectory { get; set; } = "";

    public RoleAgentOptions For(string role) => role.ToLowerInvariant() switch
    {
        "mayor" => Mayor,
        _ => Polecat,
    };

    public sealed class RoleAgentOptions
    {
        /// <summary>demo, claude, codex, opencode, kilo, gemini or command. Empty: command when a command is configured, else demo.</summary>
        public string Preset { get; set; } = "";

        /// <summary>argv of the <c>command</c> preset, with <c>{prompt}</c> and <c>{model}</c> placeholders.</summary>
        public string[] Command { get; set; } = [];

        /// <summary>The model used when a bead asks for the default (<c>kilo/auto</c>). Empty: the CLI's own default.</summary>
        public string Model { get; set; } = "";
    }

    public sealed class EndpointsOptions
    {
        public EndpointOptions Anthropic { get; set; } = new();
        public EndpointOptions OpenAI { get; set; } = new();
        public EndpointOptions Gemini { get; set; } = new();
    }

    /// <summary>A provider's API root (its paths hang off it) and key. The key is never logged nor put in a stream.</summary>
    public sealed class EndpointOptions
    {
        public string BaseUrl { get; set; } = "";
        public string ApiKey { get; set; } = "";

        public override string ToString() => $"{(BaseUrl.Length == 0 ? "(default)" : BaseUrl)}{(ApiKey.Length == 0 ? "" : " (key set)")}";
    }
}
