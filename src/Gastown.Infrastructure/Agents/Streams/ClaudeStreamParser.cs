namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>
/// Claude Code's <c>--output-format stream-json</c>: <c>system</c> (init, with the session id), <c>assistant</c>
/// (text and tool_use blocks), <c>user</c> (tool_result blocks; with <c>isReplay</c>, a message it took from its
/// stream-json input), <c>result</c> (the end of a turn: its usage and cost).
/// </summary>
public sealed class ClaudeStreamParser : JsonStreamParser, IAgentStreamParser
{
    private readonly Dictionary<string, string> _toolsById = new(StringComparer.Ordinal);
    private int _inputsTaken;
    private int _turnsEnded;

    public int InputsTaken => Volatile.Read(ref _inputsTaken);

    public int TurnsEnded => Volatile.Read(ref _turnsEnded);

    protected override bool Parse(JsonElement root, List<ParsedAgentEvent> events)
    {
        if (Str(root, "session_id") is { } session) SessionId = session;
        switch (Str(root, "type"))
        {
            case "system":
                return true;
            case "assistant":
                // A refused request shows as a synthetic assistant message with "error": "rate_limit".
                if (Str(root, "error") is "rate_limit") NoteRateLimit($"rate_limit: {string.Join(" ", Blocks(root).Select(block => Str(block, "text")))}");
                foreach (var block in Blocks(root))
                {
                    switch (Str(block, "type"))
                    {
                        case "text":
                            Text(events, Str(block, "text"));
                            break;
                        case "tool_use":
                            var name = Str(block, "name") ?? "tool";
                            if (Str(block, "id") is { } id) _toolsById[id] = name;
                            ToolCall(events, name, Obj(block, "input"));
                            break;
                    }
                }
                return true;
            case "user":
                // --replay-user-messages: a message from its stdin, echoed once Claude took it (mid-turn or as a new turn).
                if (root.TryGetProperty("isReplay", out var replay) && replay.ValueKind == JsonValueKind.True)
                {
                    // The first is the run's prompt; each later one a nudge, shown as taken.
                    if (Interlocked.Increment(ref _inputsTaken) > 1)
                        InputTaken(events, string.Join(" ", Blocks(root).Select(block => Str(block, "text")).Where(text => text is not null)));
                    return true;
                }
                foreach (var block in Blocks(root))
                {
                    if (Str(block, "type") != "tool_result") continue;
                    var name = Str(block, "tool_use_id") is { } id && _toolsById.TryGetValue(id, out var known) ? known : "tool";
                    var failed = block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True;
                    ToolResult(events, name, !failed, ResultText(Obj(block, "content")));
                }
                return true;
            case "result":
                if (Str(root, "subtype") is { } subtype && subtype != "success") Error(events, $"{subtype}: {Str(root, "result")}");
                else if (root.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True)
                    Error(events, Num(root, "api_error_status") is var status and > 0 ? $"API error {status}: {Str(root, "result")}" : Str(root, "result"));
                else Recovered();
                var usage = Obj(root, "usage");
                Usage(events, new AgentUsage(
                    Num(usage, "input_tokens") + Num(usage, "cache_creation_input_tokens"),
                    Num(usage, "output_tokens"),
                    Num(usage, "cache_read_input_tokens"),
                    Dec(root, "total_cost_usd")));
                Interlocked.Increment(ref _turnsEnded);
                return true;
            default:
                return Str(root, "type") is not null;
        }
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement root) =>
        Obj(root, "message") is { } message && Obj(message, "content") is { ValueKind: JsonValueKind.Array } content
            ? content.EnumerateArray().ToArray()
            : [];

    private static string? ResultText(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Array } parts => string.Join(" ", parts.EnumerateArray().Select(part => Str(part, "text")).Where(t => t is not null)),
        _ => null,
    };
}
