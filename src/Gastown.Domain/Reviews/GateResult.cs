namespace Gastown.Domain.Reviews;

/// <summary>One gate's run: its command, whether it passed, its exit code (null when killed), the tail of its output.</summary>
public sealed record GateResult(IReadOnlyList<string> Command, bool Passed, int? ExitCode, bool TimedOut, string OutputTail, double Seconds)
{
    public string CommandText => string.Join(' ', Command);

    /// <summary>The feedback a polecat gets for this failed gate.</summary>
    public string Describe() => TimedOut
        ? $"Gate `{CommandText}` timed out and was killed. Output (tail):\n{OutputTail}"
        : $"Gate `{CommandText}` failed (exit code {ExitCode}). Output (tail):\n{OutputTail}";
}
