using System.Diagnostics;

namespace Gastown.Cli.Tests.Support;

/// <summary>
/// A pseudo-terminal for interactive commands: a private tmux server (its own socket) running one program directly
/// (an argument list, no shell), typed at with send-keys and read with capture-pane.
/// </summary>
public sealed partial class Tmux : IAsyncDisposable
{
    private readonly string _socket = $"gastown-cli-{Guid.NewGuid():N}";

    private const string Session = "cli";

    public static bool Installed => File.Exists("/usr/bin/tmux") || File.Exists("/usr/local/bin/tmux");

    /// <summary>Skips the test when tmux is missing, except in CI (CI=true), where that is a failure.</summary>
    public static void Require()
    {
        if (Installed) return;
        if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException("tmux is not installed (.ci/run installs it).");
        Assert.Skip("tmux is not installed");
    }

    public async Task StartAsync(IReadOnlyDictionary<string, string> environment, params string[] command)
    {
        List<string> args = ["new-session", "-d", "-s", Session, "-x", "120", "-y", "40"];
        foreach (var (name, value) in environment) args.AddRange(["-e", $"{name}={value}"]);
        // tmux does not always keep a dead pane's exit status, so the program's is printed after it ends. The
        // program and its arguments reach sh as positional parameters ("$0" "$@"), never as script text.
        args.AddRange(["sh", "-c", "\"$0\" \"$@\"; echo \"[exited $?]\""]);
        args.AddRange(command);
        await RunAsync([.. args]);
        // Keep the pane after the program ends, to read its exit status.
        await RunAsync("set-option", "-t", Session, "remain-on-exit", "on");
    }

    public Task TypeAsync(string text) => RunAsync("send-keys", "-t", Session, "-l", text);

    public Task KeyAsync(string key) => RunAsync("send-keys", "-t", Session, key);

    public Task<string> ScreenAsync() => RunAsync("capture-pane", "-p", "-t", Session);

    /// <summary>The program's exit status once it has ended (as printed after it); null while it runs.</summary>
    public async Task<int?> ExitStatusAsync() =>
        ExitLine().Match(await ScreenAsync()) is { Success: true } exited ? int.Parse(exited.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public async Task<string> WaitForScreenAsync(Func<string, bool> condition, string what, TimeSpan timeout)
    {
        var screen = "";
        try
        {
            await Eventually.TrueAsync(async () => condition(screen = await ScreenAsync()), what, timeout);
            return screen;
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message}; the screen (program exit status {await ExitStatusAsync()}):\n{screen}", timedOut);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in args) start.ArgumentList.Add(argument);
        using var tmux = Process.Start(start)!;
        var output = tmux.StandardOutput.ReadToEndAsync();
        var error = tmux.StandardError.ReadToEndAsync();
        await tmux.WaitForExitAsync();
        if (tmux.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {await error}");
        return await output;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[exited (\d+)\]$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex ExitLine();
}
