namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>What every real-CLI preset shares: finding its binary, and a private home with the XDG folders under it.</summary>
public abstract class CliPreset(AgentTools tools) : IAgentPreset
{
    /// <summary>The tools Gastown's MCP server offers (both roles); each CLI is told they need no prompt.</summary>
    public static readonly IReadOnlyList<string> GastownTools =
    [
        "gt_prime", "gt_bead_status", "gt_bead_close", "gt_done", "gt_escalate", "gt_mail_send", "gt_mail_check", "gt_checkpoint",
        "gt_status", "gt_list_rigs", "gt_list_beads", "gt_list_agents", "gt_sling", "gt_reply", "gt_nudge",
        "gt_sling_batch", "gt_list_convoys", "gt_convoy_status", "gt_convoy_start", "gt_convoy_close",
    ];

    public const string McpServerName = "gastown";

    protected abstract AgentCli Cli { get; }

    public string Name => Cli.Preset;

    public string? Provider => Cli.Provider;

    public Result<AgentInvocation> Build(AgentRun run)
    {
        if (tools.Resolve(Cli.Binary) is not { } executable)
            return Result<AgentInvocation>.Error(
                $"the {Cli.Preset} CLI ({Cli.Package}) is not installed: run `dotnet run --project src/Gastown.Web -- agents install {Cli.Preset}`");
        var invocation = new AgentInvocation(executable) { CloseInput = true, Parser = NewParser() };
        PrivateHome(invocation, run.Home);
        Configure(invocation, run);
        return invocation;
    }

    protected abstract Streams.IAgentStreamParser NewParser();

    protected abstract void Configure(AgentInvocation invocation, AgentRun run);

    /// <summary>The model endpoint's base URL without a trailing slash, or null.</summary>
    protected static string? BaseUrl(AgentRun run) => run.Endpoint?.BaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;

    protected static string Json(object value) => JsonSerializer.Serialize(value);

    private static void PrivateHome(AgentInvocation invocation, string home)
    {
        // Nothing is read from or written to the server user's own home: HOME and XDG all point into the agent's.
        invocation.Environment["HOME"] = home;
        invocation.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, ".config");
        invocation.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
        invocation.Environment["XDG_STATE_HOME"] = Path.Combine(home, ".local", "state");
        invocation.Environment["XDG_CACHE_HOME"] = Path.Combine(home, ".cache");
        invocation.Environment["NO_COLOR"] = "1";
        invocation.Environment["CI"] = "true";
    }
}
