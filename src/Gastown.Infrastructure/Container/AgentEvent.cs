namespace Gastown.Infrastructure.Container;

/// <summary>
/// One entry of an agent's event stream. <paramref name="Sequence"/> grows per agent across restarts, so a reader
/// can tell order, gaps and duplicates apart.
/// </summary>
/// <param name="Kind"><see cref="OutputKind"/> (a raw line), <see cref="StatusKind"/>, or one parsed from a CLI's JSON
/// stream: <see cref="TextKind"/>, <see cref="ToolCallKind"/>, <see cref="ToolResultKind"/>, <see cref="ErrorKind"/>,
/// <see cref="UsageKind"/>.</param>
/// <param name="Stream"><see cref="StandardOutput"/> or <see cref="StandardError"/> for output; null for status.</param>
/// <param name="Detail">Structured fields of a parsed event: tool_call <c>tool</c>, <c>args</c>; tool_result
/// <c>tool</c>, <c>ok</c>; usage <c>inputTokens</c>, <c>outputTokens</c>, <c>cachedTokens</c>, <c>costUsd</c>.</param>
public sealed record AgentEvent(long Sequence, DateTimeOffset At, string Kind, string? Stream, string Text, IReadOnlyDictionary<string, string>? Detail = null)
{
    public const string OutputKind = "output";
    public const string StatusKind = "status";
    public const string TextKind = "text";
    public const string ToolCallKind = "tool_call";
    public const string ToolResultKind = "tool_result";
    public const string ErrorKind = "error";
    public const string UsageKind = "usage";
    public const string StandardOutput = "stdout";
    public const string StandardError = "stderr";
}
