namespace Gastown.Infrastructure.Container;

/// <summary>
/// One entry of an agent's event stream. <paramref name="Sequence"/> grows per agent across restarts, so a reader
/// can tell order, gaps and duplicates apart.
/// </summary>
/// <param name="Kind"><see cref="OutputKind"/> or <see cref="StatusKind"/>.</param>
/// <param name="Stream"><see cref="StandardOutput"/> or <see cref="StandardError"/> for output; null for status.</param>
public sealed record AgentEvent(long Sequence, DateTimeOffset At, string Kind, string? Stream, string Text)
{
    public const string OutputKind = "output";
    public const string StatusKind = "status";
    public const string StandardOutput = "stdout";
    public const string StandardError = "stderr";
}
