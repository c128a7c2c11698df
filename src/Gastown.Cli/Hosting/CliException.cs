namespace Gastown.Cli.Hosting;

/// <summary>An expected failure of a command: its message is printed as is (no stack trace) and the process exits with its code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);
}
