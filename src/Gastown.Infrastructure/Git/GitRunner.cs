using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Gastown.Infrastructure.Git;

/// <summary>
/// Runs git with an argument list (never a shell), so a URL, branch or message is always exactly one argument.
/// Callers validate URLs and branch names before they get here.
/// </summary>
internal static class GitRunner
{
    /// <summary>Exit code answered when git itself could not be started.</summary>
    public const int NotStarted = -1;

    public static async Task<GitOutput> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);

        // Never wait for a human: no credential prompt, no ssh host-key or passphrase prompt.
        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        if (!startInfo.Environment.ContainsKey("GIT_SSH_COMMAND"))
            startInfo.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        if (environment is not null)
            foreach (var (name, value) in environment) startInfo.Environment[name] = value;

        using var process = new Process { StartInfo = startInfo };
        try
        {
            if (!process.Start()) return new GitOutput(NotStarted, "", "git could not be started");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new GitOutput(NotStarted, "", $"git could not be started: {e.Message}");
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            KillQuietly(process);
            throw;
        }
        return new GitOutput(process.ExitCode, await stdout, await stderr);
    }

    public static Task<GitOutput> RunAsync(string workingDirectory, CancellationToken ct, params string[] arguments) =>
        RunAsync(workingDirectory, arguments, ct);

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
        {
            // Already gone.
        }
    }
}
