namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// <c>opencode run --format json</c> and <c>kilo run --format json</c> (a fork, same events): <c>text</c>,
/// <c>tool_use</c> (one per finished tool part, with its input and state), <c>step_finish</c> (tokens and cost of
/// one model step), <c>error</c>. Every event carries the session id.
/// </summary>
public sealed class OpenCodeStreamParser : JsonStreamParser
{
    protected override bool Parse(JsonElement root, List<ParsedAgentEvent> events)
    {
        if (Str(root, "sessionID") is { } session) SessionId = session;
        var part = Obj(root, "part");
        switch (Str(root, "type"))
        {
            case "text":
                if (part is { } textPart) Text(events, Str(textPart, "text"));
                return true;
            case "tool_use":
                if (part is not { } toolPart) return true;
                var tool = Str(toolPart, "tool") ?? "tool";
                var state = Obj(toolPart, "state");
                ToolCall(events, tool, state is { } s ? Obj(s, "input") : null);
                var status = state is { } st ? Str(st, "status") : null;
                if (status is "completed" or "error")
                    ToolResult(events, tool, status == "completed", state is { } o ? Str(o, status == "error" ? "error" : "output") : null);
                return true;
            case "step_finish":
                if (part is not { } step) return true;
                // A finished step: the model answered, so an earlier refusal was retried successfully.
                Recovered();
                var tokens = Obj(step, "tokens");
                var cache = tokens is { } t ? Obj(t, "cache") : null;
                Usage(events, new AgentUsage(Num(tokens, "input"), Num(tokens, "output") + Num(tokens, "reasoning"), Num(cache, "read"), Dec(step, "cost")));
                return true;
            case "error":
                var error = Obj(root, "error");
                Error(events, error is { } e ? Str(e, "message") ?? (Obj(e, "data") is { } data ? Str(data, "message") : null) ?? e.GetRawText() : "error");
                return true;
            case null:
                return false;
            default:
                return true;
        }
    }
}
