using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// Gemini CLI: <c>gemini -p … -o stream-json</c>. Its MCP server can only come from <c>.gemini/settings.json</c> in
/// the working directory, so that file is written into the worktree, git-excluded and never committed; it holds the
/// bearer as <c>${GASTOWN_SESSION_TOKEN}</c> (expanded by Gemini), never the token or a key.
/// </summary>
public sealed class GeminiPreset(AgentTools tools) : CliPreset(tools)
{
    public const string SettingsFile = ".gemini/settings.json";

    protected override AgentCli Cli => AgentClis.Find("gemini")!;

    protected override IAgentStreamParser NewParser() => new GeminiStreamParser();

    protected override void Configure(AgentInvocation invocation, AgentRun run)
    {
        invocation.WorkspaceFiles[SettingsFile] = Json(new Dictionary<string, object>
        {
            ["mcpServers"] = new Dictionary<string, object>
            {
                [McpServerName] = new
                {
                    httpUrl = run.McpUrl.ToString(),
                    headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${GASTOWN_SESSION_TOKEN}" },
                    trust = true,
                },
            },
            ["security"] = new { auth = new { selectedType = "gemini-api-key" } },
            ["privacy"] = new { usageStatisticsEnabled = false },
            ["general"] = new { disableAutoUpdate = true, disableUpdateNag = true },
            ["telemetry"] = new { enabled = false },
        });

        invocation.Add("-p", run.Prompt, "-o", "stream-json", "--yolo");
        if (run.Model is { } model) invocation.Add("-m", model);
        if (run.ResumeSessionId is { } session) invocation.Add("--resume", session);

        var env = invocation.Environment;
        env["GEMINI_CLI_HOME"] = run.Home;
        env["GEMINI_CLI_TRUST_WORKSPACE"] = "true";
        if (BaseUrl(run) is { } url) env["GOOGLE_GEMINI_BASE_URL"] = url;
        if (run.Endpoint?.ApiKey is { Length: > 0 } key) env["GEMINI_API_KEY"] = key;
        else if (BaseUrl(run) is not null) env["GEMINI_API_KEY"] = "none";
    }
}
