namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// Gemini CLI's <c>-o stream-json</c>: <c>init</c> (session id), <c>message</c> (assistant text arrives in deltas,
/// gathered into one text event per turn), <c>tool_use</c>, <c>tool_result</c>, <c>error</c>, <c>result</c> (stats).
/// </summary>
public sealed class GeminiStreamParser : JsonStreamParser
{
    private readonly Dictionary<string, string> _toolsById = new(StringComparer.Ordinal);
    private readonly StringBuilder _pendingText = new();

    protected override bool Parse(JsonElement root, List<ParsedAgentEvent> events)
    {
        var type = Str(root, "type");
        if (type != "message") FlushText(events);
        switch (type)
        {
            case "init":
                SessionId = Str(root, "session_id") ?? SessionId;
                return true;
            case "message":
                if (Str(root, "role") == "assistant") _pendingText.Append(Str(root, "content"));
                return true;
            case "tool_use":
                var name = Str(root, "tool_name") ?? "tool";
                if (Str(root, "tool_id") is { } id) _toolsById[id] = name;
                ToolCall(events, name, Obj(root, "parameters"));
                return true;
            case "tool_result":
                var tool = Str(root, "tool_id") is { } toolId && _toolsById.TryGetValue(toolId, out var known) ? known : "tool";
                var ok = Str(root, "status") is null or "success";
                ToolResult(events, tool, ok, ok ? Str(root, "output") : Obj(root, "error") is { } error ? Str(error, "message") : Str(root, "output"));
                return true;
            case "error":
                Error(events, Str(root, "message"));
                return true;
            case "result":
                var stats = Obj(root, "stats");
                var cached = Num(stats, "cached");
                // input_tokens includes the cached part; Gastown counts input without it, as Anthropic does.
                Usage(events, new AgentUsage(Math.Max(0, Num(stats, "input_tokens") - cached), Num(stats, "output_tokens"), cached, null));
                if (Str(root, "status") is { } status && status != "success")
                    Error(events, Obj(root, "error") is { } failure ? Str(failure, "message") : status);
                else Recovered();
                return true;
            default:
                return type is not null;
        }
    }

    private void FlushText(List<ParsedAgentEvent> events)
    {
        if (_pendingText.Length == 0) return;
        Text(events, _pendingText.ToString());
        _pendingText.Clear();
    }
}
