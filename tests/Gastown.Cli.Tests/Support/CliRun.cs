namespace Gastown.Cli.Tests.Support;

/// <summary>One run of `gastown`: its exit code and what it printed on stdout and stderr.</summary>
public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";

    /// <summary>Asserts the exit code, showing everything printed when it differs.</summary>
    public CliRun ShouldExit(int code)
    {
        ExitCode.ShouldBe(code, ToString());
        return this;
    }
}
