using System.ComponentModel;
using Gastown.Infrastructure.Sandbox;

namespace Gastown.Infrastructure.Git;

/// <summary>
/// Runs git with an argument list (never a shell), so a URL, branch or message is always exactly one argument.
/// Callers validate URLs and branch names before they get here. With a sandbox, git runs inside it (the repository
/// may hold configuration or hooks an agent wrote: decision 0021) with the allow-listed environment only.
/// </summary>
internal static class GitRunner
{
    /// <summary>Exit code answered when git itself could not be started.</summary>
    public const int NotStarted = -1;

    /// <summary>Exit code answered when git passed its deadline and its process tree was killed.</summary>
    public const int TimedOut = -2;

    /// <param name="limits">Connect and stall timeouts, and the deadline by the command's verb; <see cref="GitLimits.Default"/> when null.</param>
    /// <param name="deadline">This command's deadline, instead of the one its verb gets from <paramref name="limits"/>.</param>
    public static async Task<GitOutput> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        CancellationToken ct,
        IReadOnlyDictionary<string, string>? environment = null,
        ISandbox? sandbox = null,
        SandboxView? view = null,
        GitLimits? limits = null,
        TimeSpan? deadline = null)
    {
        limits ??= GitLimits.Default;
        var argumentList = arguments as IReadOnlyList<string> ?? [.. arguments];
        var timeout = deadline ?? limits.DeadlineOf(argumentList);
        arguments = argumentList;
        // Never wait for a human (no credential prompt, no ssh host-key or passphrase prompt), nor for a silent host.
        var variables = new Dictionary<string, string>(limits.NetworkEnvironment(), StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
        if (environment is not null)
            foreach (var (name, value) in environment) variables[name] = value;

        ProcessStartInfo startInfo;
        if (sandbox is not null && view is not null)
        {
            if (sandbox.Problem is { } problem) return new GitOutput(NotStarted, "", $"git could not be started: {problem}");
            try
            {
                startInfo = sandbox.StartInfo(new SandboxCommand("git", [.. arguments], workingDirectory, variables, view));
            }
            catch (Exception e) when (e is Win32Exception or IOException)
            {
                return new GitOutput(NotStarted, "", $"git could not be started: {e.Message}");
            }
        }
        else
        {
            startInfo = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, UseShellExecute = false };
            foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
            // The operator's own ssh command, if any, is kept here (outside a sandbox nothing of the server's is hidden anyway).
            if (startInfo.Environment.ContainsKey("GIT_SSH_COMMAND") && environment?.ContainsKey("GIT_SSH_COMMAND") != true)
                variables.Remove("GIT_SSH_COMMAND");
            foreach (var (name, value) in variables) startInfo.Environment[name] = value;
        }
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;

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
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // The whole tree (bwrap, git, ssh or git-remote-https): nothing of it outlives the deadline or the caller.
            KillQuietly(process);
            if (ct.IsCancellationRequested) throw;
            return new GitOutput(TimedOut, "", string.Create(CultureInfo.InvariantCulture,
                $"git {GitLimits.VerbOf(argumentList)} did not finish within {timeout.TotalSeconds:0} seconds and was stopped (the host did not answer in time)"));
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
