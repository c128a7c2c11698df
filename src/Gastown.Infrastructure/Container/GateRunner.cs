using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Gastown.Domain.Reviews;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// Runs one review gate: an argument list (never a shell) in the merge worktree, with a scrubbed environment (none
/// of the server's own settings or keys, only the rig's/town's variables for agents), bounded in time (the whole
/// process tree is killed at the timeout, which counts as a failure) and in output (only the tail is kept).
/// </summary>
internal static class GateRunner
{
    public const int MaxOutputTail = 8 * 1024;

    // Names of the server's environment that a gate must not inherit: its settings, keys and tokens.
    private static readonly string[] SecretMarkers = ["KEY", "TOKEN", "SECRET", "PASSWORD", "CREDENTIAL"];

    public static async Task<GateResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment,
        CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Skip(1)) startInfo.ArgumentList.Add(argument);
        Scrub(startInfo.Environment);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) startInfo.Environment[name] = value;
        startInfo.Environment["GIT_TERMINAL_PROMPT"] = "0";
        startInfo.Environment["CI"] = "true";

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

    private static void Scrub(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToArray())
        {
            if (name.StartsWith("Gastown", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || SecretMarkers.Any(marker => name.Contains(marker, StringComparison.OrdinalIgnoreCase)))
                environment.Remove(name);
        }
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
