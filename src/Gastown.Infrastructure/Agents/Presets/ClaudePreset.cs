using Gastown.Application.Dispatch;
using Gastown.Domain.Agents;
using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Agents.Presets;

/// <summary>
/// Claude Code: <c>claude -p</c> with the MCP server inline (the bearer <c>${GASTOWN_SESSION_TOKEN}</c> is expanded
/// by Claude from its environment), gt_* tools and file edits allowed without a prompt, stream-json output; a polecat
/// reads stream-json input too (its prompt, then any nudge), the mayor takes its prompt as an argument.
/// </summary>
public sealed class ClaudePreset(AgentTools tools) : CliPreset(tools)
{
    // Its own file and shell tools, so a polecat can do the work without a permission prompt (none can be answered).
    private static readonly string[] OwnTools = ["Read", "Write", "Edit", "MultiEdit", "Glob", "Grep", "LS", "Bash", "TodoWrite"];

    protected override AgentCli Cli => AgentClis.Find("claude")!;

    protected override IAgentStreamParser NewParser() => new ClaudeStreamParser();

    protected override void Configure(AgentInvocation invocation, AgentRun run)
    {
        var mcp = Json(new
        {
            mcpServers = new Dictionary<string, object>
            {
                [McpServerName] = new
                {
                    type = "http",
                    url = run.McpUrl.ToString(),
                    headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${GASTOWN_SESSION_TOKEN}" },
                },
            },
        });
        var allowed = string.Join(",", OwnTools.Concat(GastownTools.Select(tool => $"mcp__{McpServerName}__{tool}")));

        // A polecat takes its prompt as the first stream-json message on its open stdin, so a nudge sent while it works
        // reaches it as another message (taken at its next model request, shown back as a replay); the mayor keeps -p
        // with its prompt and its input closed (decision 0009).
        if (run.Launch.Role == AgentRole.Polecat)
            invocation.SendFirst(Nudges.UserTurn(run.Prompt)).Add("-p", "--input-format", "stream-json", "--replay-user-messages");
        else
            invocation.Add("-p", run.Prompt);
        invocation.Add("--mcp-config", mcp, "--strict-mcp-config", "--allowedTools", allowed,
            "--permission-mode", "acceptEdits", "--output-format", "stream-json", "--verbose");
        if (run.Model is { } model) invocation.Add("--model", model);
        if (run.ResumeSessionId is { } session) invocation.Add("--resume", session);

        var env = invocation.Environment;
        env["CLAUDE_CONFIG_DIR"] = Path.Combine(run.Home, ".claude");
        env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        env["DISABLE_AUTOUPDATER"] = "1";
        env["DISABLE_TELEMETRY"] = "1";
        env["DISABLE_ERROR_REPORTING"] = "1";
        // The gt_* tools must be there from the first model request: connect before it, and list them inline.
        env["MCP_CONNECTION_NONBLOCKING"] = "false";
        env["ENABLE_TOOL_SEARCH"] = "false";
        if (BaseUrl(run) is { } url) env["ANTHROPIC_BASE_URL"] = url;
        if (run.Endpoint?.ApiKey is { Length: > 0 } key) env["ANTHROPIC_API_KEY"] = key;
    }
}
