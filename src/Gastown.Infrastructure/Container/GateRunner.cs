using System.ComponentModel;
using Gastown.Domain.Reviews;
using Gastown.Infrastructure.Sandbox;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Runs one review gate: an argument list (never a shell) in the merge worktree, inside the town's sandbox (it sees the
/// merge worktree and the clone's git folder, nothing else of the data directory) with the allow-listed environment
/// plus the town's variables for agents, bounded in time (the whole process tree is killed at the timeout, which counts
/// as a failure) and in output (only the tail is kept).
/// </summary>
internal static class GateRunner
{
    public const int MaxOutputTail = 8 * 1024;

    public static async Task<GateResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment,
        ISandbox sandbox, SandboxView view, CancellationToken ct)
    {
        if (sandbox.Problem is { } problem)
            return new GateResult(command, false, null, false, $"{command[0]} could not be started: the town sandbox cannot start: {problem}", 0);
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["CI"] = "true",
        };
        ProcessStartInfo startInfo;
        try
        {
            startInfo = sandbox.StartInfo(new SandboxCommand(command[0], [.. command.Skip(1)], workingDirectory, variables, view));
        }
        catch (Exception e) when (e is Win32Exception or IOException)
        {
            return new GateResult(command, false, null, false, $"{command[0]} could not be started: {e.Message}", 0);
        }
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;

        var tail = new OutputTail(MaxOutputTail);
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) tail.Append(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) tail.Append(line.Data); };
        try
        {
            if (!process.Start()) return new GateResult(command, false, null, false, $"{command[0]} could not be started", 0);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new GateResult(command, false, null, false, $"{command[0]} could not be started: {e.Message}", 0);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            if (ct.IsCancellationRequested) throw;
            timedOut = true;
            // The killed tree closes its pipes; wait a little for the last output, never for a stuck grandchild.
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var seconds = Math.Round(clock.Elapsed.TotalSeconds, 3);
        if (timedOut)
        {
            tail.Append($"[gastown] killed after {timeout.TotalSeconds:0.#} s (gate timeout)");
            return new GateResult(command, false, null, true, Redact(tail.Text, environment), seconds);
        }
        var exitCode = process.ExitCode;
        return new GateResult(command, exitCode == 0, exitCode, false, Redact(tail.Text, environment), seconds);
    }

    // The town's variables may be secrets, and a gate may print its environment: its output is stored and shown.
    private static string Redact(string text, IReadOnlyDictionary<string, string>? environment)
    {
        foreach (var value in (environment?.Values ?? []).Where(value => value.Length >= 4).OrderByDescending(value => value.Length))
            text = text.Replace(value, "****", StringComparison.Ordinal);
        return text;
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
        {
            // Already gone.
        }
    }

    /// <summary>The last <c>capacity</c> characters of a process's lines (both streams, as they came).</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public void Append(string line)
        {
            lock (_lock)
            {
                _text.Append(line).Append('\n');
                if (_text.Length > capacity * 2) _text.Remove(0, _text.Length - capacity);
            }
        }

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    var text = _text.ToString();
                    return text.Length <= capacity ? text : text[^capacity..];
                }
            }
        }
    }
}
