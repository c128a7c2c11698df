namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// <c>codex exec --json</c>: <c>thread.started</c> (the session id), <c>item.started</c>/<c>item.completed</c> of
/// agent messages, commands, file changes and MCP tool calls, <c>turn.completed</c> with usage, errors.
/// </summary>
public sealed class CodexStreamParser : JsonStreamParser
{
    protected override bool Parse(JsonElement root, List<ParsedAgentEvent> events)
    {
        var type = Str(root, "type");
        switch (type)
        {
            case "thread.started":
                SessionId = Str(root, "thread_id") ?? SessionId;
                return true;
            case "item.started" or "item.updated" or "item.completed":
                if (Obj(root, "item") is { } item) Item(item, completed: type == "item.completed", events);
                return true;
            case "turn.completed":
                Recovered();
                var usage = Obj(root, "usage");
                // Its input count includes the cached part; Gastown counts input without it, as Anthropic does.
                var cached = Num(usage, "cached_input_tokens");
                Usage(events, new AgentUsage(Math.Max(0, Num(usage, "input_tokens") - cached), Num(usage, "output_tokens"), cached, null));
                return true;
            case "turn.failed":
                Error(events, Obj(root, "error") is { } error ? Str(error, "message") : "turn failed");
                return true;
            case "error":
                Error(events, Str(root, "message"));
                return true;
            default:
                return type is not null;
        }
    }

    private void Item(JsonElement item, bool completed, List<ParsedAgentEvent> events)
    {
        switch (Str(item, "type"))
        {
            case "agent_message" when completed:
                Text(events, Str(item, "text"));
                break;
            case "command_execution":
                if (!completed) ToolCall(events, "shell", Str(item, "command") ?? "");
                else ToolResult(events, "shell", Num(item, "exit_code") == 0 && Str(item, "status") != "failed", Str(item, "aggregated_output"));
                break;
            case "file_change" when completed:
                var paths = Obj(item, "changes") is { ValueKind: JsonValueKind.Array } changes
                    ? string.Join(", ", changes.EnumerateArray().Select(change => $"{Str(change, "kind")} {Str(change, "path")}"))
                    : "";
                ToolCall(events, "apply_patch", paths);
                ToolResult(events, "apply_patch", Str(item, "status") != "failed", null);
                break;
            case "mcp_tool_call":
                var tool = Str(item, "tool") ?? "tool";
                if (!completed) ToolCall(events, tool, Obj(item, "arguments"));
                else ToolResult(events, tool, Str(item, "status") != "failed" && Obj(item, "error") is null, null);
                break;
            case "error" when completed:
                Error(events, Str(item, "message"));
                break;
        }
    }
}
