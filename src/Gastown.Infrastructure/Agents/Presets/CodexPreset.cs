using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// Codex: <c>codex exec --json</c>, everything by <c>-c</c> flags (no user config read), the MCP server with its
/// bearer taken from <c>GASTOWN_SESSION_TOKEN</c> and its tools approved; a custom endpoint speaks the Responses API.
/// Every run keeps its session in <c>CODEX_HOME</c> (the agent's home): the mayor's next run and a polecat's next run on
/// the same bead and branch continue it (<c>exec resume</c>, decision 0027). Under its default model (code mode) the
/// gt_* tools are deferred nested tools of its <c>exec</c> tool: the model reaches them through it, no switch needed.
/// </summary>
public sealed class CodexPreset(AgentTools tools) : CliPreset(tools)
{
    private const string KeyVariable = "GASTOWN_MODEL_API_KEY";

    protected override AgentCli Cli => AgentClis.Find("codex")!;

    protected override IAgentStreamParser NewParser() => new CodexStreamParser();

    protected override void Configure(AgentInvocation invocation, AgentRun run)
    {
        invocation.Add("exec");
        if (run.ResumeSessionId is not null) invocation.Add("resume");
        invocation.Add("--json", "--ignore-user-config", "--skip-git-repo-check");
        // `exec resume` takes no sandbox flag; the setting does the same. Inside the town's sandbox Codex's own stands
        // down: that one confines it already, and Codex's bubblewrap helper cannot run there (decision 0021).
        var sandbox = run.TownSandboxed ? "danger-full-access" : "workspace-write";
        invocation.Add("-c", $"sandbox_mode=\"{sandbox}\"", "-c", "approval_policy=\"never\"");
        if (run.Model is { } model) invocation.Add("-c", $"model={Toml(model)}");
        if (BaseUrl(run) is { } url)
        {
            invocation.Add("-c", "model_provider=\"gastown\"",
                "-c", $"model_providers.gastown.name=\"gastown\"",
                "-c", $"model_providers.gastown.base_url={Toml(url + "/v1")}",
                "-c", $"model_providers.gastown.env_key=\"{KeyVariable}\"",
                "-c", "model_providers.gastown.wire_api=\"responses\"");
        }
        invocation.Add(
            "-c", $"mcp_servers.{McpServerName}.url={Toml(run.McpUrl.ToString())}",
            "-c", $"mcp_servers.{McpServerName}.bearer_token_env_var=\"GASTOWN_SESSION_TOKEN\"",
            "-c", $"mcp_servers.{McpServerName}.default_tools_approval_mode=\"approve\"",
            "-c", $"mcp_servers.{McpServerName}.required=true",
            "-c", "analytics.enabled=false",
            "-c", "check_for_update_on_startup=false");
        if (run.ResumeSessionId is { } session) invocation.Add(session);
        invocation.Add(run.Prompt);

        var env = invocation.Environment;
        env["CODEX_HOME"] = Path.Combine(run.Home, ".codex");
        Directory.CreateDirectory(env["CODEX_HOME"]);
        if (run.Endpoint?.ApiKey is { Length: > 0 } key)
        {
            env[KeyVariable] = key;
            if (BaseUrl(run) is null) env["OPENAI_API_KEY"] = key;
        }
        else if (BaseUrl(run) is not null)
        {
            env[KeyVariable] = "none";
        }
    }

    /// <summary>A TOML basic string (the value of a -c override).</summary>
    private static string Toml(string value) => System.Text.Json.JsonSerializer.Serialize(value);
}
