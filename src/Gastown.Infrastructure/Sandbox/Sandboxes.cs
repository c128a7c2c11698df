namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// Picks the sandbox of this server from <see cref="SandboxOptions"/> (decision 0021). Production never runs
/// unsandboxed by accident: mode none needs <c>AllowUnsandboxed</c>, and a bubblewrap that cannot start stops the
/// server. Development without bubblewrap (mode left unset) runs unsandboxed and says so, loudly, once.
/// </summary>
public static partial class Sandboxes
{
    public static ISandbox Create(SandboxOptions options, bool isProduction, SandboxHost host, ILogger logger)
    {
        var mode = options.ResolveMode();
        var sharedHome = Path.Combine(host.SupportDirectory, "home");
        if (mode == SandboxMode.None)
        {
            if (isProduction && !options.AllowUnsandboxed)
                throw new InvalidOperationException(
                    $"{SandboxOptions.Section}:Mode is 'none' in Production: agents and gates would run with the server's files. " +
                    $"Install bubblewrap, or set {SandboxOptions.Section}:AllowUnsandboxed=true to accept that.");
            LogUnsandboxed(logger, "the operator set Gastown:Sandbox:Mode=none");
            return new UnsandboxedProcesses(sharedHome);
        }

        var bubblewrap = new BubblewrapSandbox(options.BubblewrapPath, host);
        if (bubblewrap.Problem is not { } problem) return bubblewrap;
        if (isProduction && !options.AllowUnsandboxed)
            throw new InvalidOperationException(
                $"The town sandbox cannot start: {problem}. Install bubblewrap (Debian package 'bubblewrap'), or set " +
                $"{SandboxOptions.Section}:Mode=none and {SandboxOptions.Section}:AllowUnsandboxed=true to run without it.");
        if (options.Mode.Length > 0 && !isProduction)
        {
            // Asked for explicitly: every dispatch fails with the reason rather than running unconfined.
            LogSandboxBroken(logger, problem);
            return bubblewrap;
        }
        LogUnsandboxed(logger, problem);
        return new UnsandboxedProcesses(sharedHome);
    }

    /// <summary>The mode as configuration, health and <c>agents list</c> spell it.</summary>
    public static string Name(SandboxMode mode) => mode == SandboxMode.Bubblewrap ? "bubblewrap" : "none";

    /// <summary>Bubblewrap where it can start sandboxes, else none (the bare container of tests and benchmarks).</summary>
    public static ISandbox Detect(string workspaceRoot, string? toolsDirectory) =>
        Create(new SandboxOptions(), isProduction: false, SandboxHost.For(workspaceRoot, toolsDirectory),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "!!! NO SANDBOX: agents, review gates and git on agents' work run as the server's user and can read every town's files and the server's keys ({Reason}). Fine on your own machine; never for other people.")]
    private static partial void LogUnsandboxed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The town sandbox cannot start: {Problem}. Every dispatch will fail until it can.")]
    private static partial void LogSandboxBroken(ILogger logger, string problem);
}
