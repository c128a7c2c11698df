using Gastown.Infrastructure.Container;

namespace Gastown.Infrastructure.Agents.Streams;

/// <summary>Shared helpers of the parsers.</summary>
public abstract class JsonStreamParser : IAgentStreamParser
{
    private const int MaxArgsLength = 200;
    private const int MaxTextLength = 4000;

    private readonly HashSet<string> _toolsCalled = new(StringComparer.Ordinal);

    public string? SessionId { get; protected set; }

    public string? LastText { get; private set; }

    public IReadOnlyCollection<string> ToolsCalled => _toolsCalled;

    public Application.Common.Ports.AgentRateLimit? RateLimit { get; protected set; }

    /// <summary>The run went on and finished a turn: an earlier refusal was retried successfully by the CLI itself.</summary>
    protected void Recovered() => RateLimit = null;

    /// <summary>Notes a rate or quota refusal named in <paramref name="text"/> (the first reset a run names wins).</summary>
    protected void NoteRateLimit(string? text) =>
        RateLimit = RateLimitText.Detect(text, DateTimeOffset.UtcNow) is { } limit ? RateLimit is { ResetAt: not null } or { RetryAfter: not null } ? RateLimit : limit : RateLimit;

    public bool TryParse(string line, List<ParsedAgentEvent> events)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] != '{') return false;
        try
        {
            using var document = JsonDocument.Parse(trimmed);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return false;
            return Parse(document.RootElement, events);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>False: not a line of this stream (shown raw). True with no events: understood, nothing worth showing.</summary>
    protected abstract bool Parse(JsonElement root, List<ParsedAgentEvent> events);

    protected static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    protected static JsonElement? Obj(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    protected static long Num(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : 0;

    protected static decimal? Dec(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDecimal()
            : null;

    protected void Text(List<ParsedAgentEvent> events, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        LastText = text.Trim();
        events.Add(new(AgentEvent.TextKind, Cut(LastText, MaxTextLength)));
    }

    protected void ToolCall(List<ParsedAgentEvent> events, string tool, JsonElement? arguments) =>
        ToolCall(events, tool, arguments is { } args ? Compact(args) : "");

    protected void ToolCall(List<ParsedAgentEvent> events, string tool, string arguments)
    {
        _toolsCalled.Add(tool);
        var args = Cut(arguments, MaxArgsLength);
        events.Add(new(AgentEvent.ToolCallKind, $"{tool}({args})", new Dictionary<string, string> { ["tool"] = tool, ["args"] = args }));
    }

    protected static void ToolResult(List<ParsedAgentEvent> events, string tool, bool ok, string? output)
    {
        var summary = string.IsNullOrWhiteSpace(output) ? "" : ": " + Cut(output.Trim().ReplaceLineEndings(" "), MaxArgsLength);
        events.Add(new(AgentEvent.ToolResultKind, $"{tool} {(ok ? "ok" : "failed")}{summary}",
            new Dictionary<string, string> { ["tool"] = tool, ["ok"] = ok ? "true" : "false" }));
    }

    /// <summary>An error of the run; one that names a rate or quota refusal is noted as the run's <see cref="RateLimit"/>.</summary>
    protected void Error(List<ParsedAgentEvent> events, string? message)
    {
        NoteRateLimit(message);
        events.Add(new(AgentEvent.ErrorKind, string.IsNullOrWhiteSpace(message) ? "error" : Cut(message.Trim(), MaxTextLength)));
    }

    /// <summary>The CLI took a message written to its input while it ran (a nudge): a status line in the live view and transcript.</summary>
    protected static void InputTaken(List<ParsedAgentEvent> events, string? text) =>
        events.Add(new(AgentEvent.StatusKind, $"took a message from its input: {Cut((text ?? "").Trim().ReplaceLineEndings(" "), MaxTextLength)}"));

    protected static void Usage(List<ParsedAgentEvent> events, AgentUsage usage)
    {
        var detail = new Dictionary<string, string>
        {
            ["inputTokens"] = usage.InputTokens.ToString(CultureInfo.InvariantCulture),
            ["outputTokens"] = usage.OutputTokens.ToString(CultureInfo.InvariantCulture),
            ["cachedTokens"] = usage.CachedTokens.ToString(CultureInfo.InvariantCulture),
        };
        if (usage.CostUsd is { } cost) detail["costUsd"] = cost.ToString(CultureInfo.InvariantCulture);
        var costText = usage.CostUsd is { } c ? $", ${c.ToString("0.######", CultureInfo.InvariantCulture)}" : "";
        events.Add(new(AgentEvent.UsageKind, $"usage: {usage.InputTokens} in, {usage.OutputTokens} out, {usage.CachedTokens} cached{costText}", detail));
    }

    /// <summary>The usage of a usage event, read back from its detail.</summary>
    public static AgentUsage? UsageOf(ParsedAgentEvent parsed)
    {
        if (parsed.Kind != AgentEvent.UsageKind || parsed.Detail is not { } detail) return null;
        long Read(string name) => detail.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;
        decimal? cost = detail.TryGetValue("costUsd", out var costText) && decimal.TryParse(costText, CultureInfo.InvariantCulture, out var parsedCost) ? parsedCost : null;
        return new AgentUsage(Read("inputTokens"), Read("outputTokens"), Read("cachedTokens"), cost);
    }

    protected static string Compact(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() ?? "",
        JsonValueKind.Undefined or JsonValueKind.Null => "",
        _ => element.GetRawText(),
    };

    protected static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
