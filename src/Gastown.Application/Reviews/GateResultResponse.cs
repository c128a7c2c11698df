namespace Gastown.Application.Reviews;

/// <summary>A gate's run as the API shows it: its command, passed or not, exit code, timed out, output tail, seconds.</summary>
public sealed record GateResultResponse(IReadOnlyList<string> Command, bool Passed, int? ExitCode, bool TimedOut, string Output, double Seconds)
{
    public static IReadOnlyList<GateResultResponse>? From(IReadOnlyList<GateResult>? gates) =>
        gates?.Select(gate => new GateResultResponse(gate.Command, gate.Passed, gate.ExitCode, gate.TimedOut, gate.OutputTail, gate.Seconds)).ToList();
}
