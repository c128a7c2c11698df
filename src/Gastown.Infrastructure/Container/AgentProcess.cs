using System.ComponentModel;
using Gastown.Infrastructure.Agents.Streams;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// One running (or finished) dispatch of an agent: the OS process, its stdin, and a watcher that turns its output
/// into events and records its exit.
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    // After the process exits, output still in the pipes is drained for at most this long: a grandchild that kept
    // the pipe open must not hold back the exit status.
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(2);

    // A turn ended while a message written to stdin was not yet taken: the CLI takes it as its next turn at once. Should
    // it never say so, the input is closed after this long anyway, so the run still ends.
    private static readonly TimeSpan UntakenInputGrace = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly AgentEventFeed _feed;
    private readonly SemaphoreSlim _inputLock = new(1, 1);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopRequested;
    private int? _exitCode;
    private bool _inputClosed;
    private int _inputsWritten;
    private int _turnsSeen;
    private long _startedSequence;
    private readonly AgentRunHooks _hooks;

    private AgentProcess(Guid agentId, int generation, Process process, AgentEventFeed feed, AgentRunHooks hooks)
    {
        AgentId = agentId;
        Generation = generation;
        _process = process;
        _feed = feed;
        _hooks = hooks;
        ProcessId = process.Id;
    }

    public Guid AgentId { get; }

    public int Generation { get; }

    public int ProcessId { get; }

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Null while running.</summary>
    public int? ExitCode => _exited.Task.IsCompleted ? _exitCode : null;

    public bool StopRequested => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>Whether the run was refused by its model endpoint for rate or quota, as its output said (null: not).</summary>
    public Application.Common.Ports.AgentRateLimit? RateLimit => _hooks.Parser?.RateLimit;

    /// <summary>Starts the process and its watcher. Throws when the executable cannot be started.</summary>
    public static AgentProcess Start(Guid agentId, int generation, ProcessStartInfo startInfo, AgentEventFeed feed, AgentRunHooks? hooks = null)
    {
        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var agentProcess = new AgentProcess(agentId, generation, process, feed, hooks ?? AgentRunHooks.None);
        var started = feed.ProcessStarted(agentId, $"started (pid {agentProcess.ProcessId}, generation {generation})");
        agentProcess._startedSequence = started.Sequence;
        agentProcess._hooks.Transcript?.Add(started);
        if (agentProcess._hooks.CloseInput) agentProcess._inputClosed = CloseQuietly(process);
        if (agentProcess._hooks.FirstInput is { } first) _ = agentProcess.WriteLineAsync(first, CancellationToken.None);
        _ = agentProcess.WatchAsync();
        return agentProcess;
    }

    /// <summary>Writes one line to the process's stdin. False when it has exited or its input is closed.</summary>
    public async Task<bool> WriteLineAsync(string line, CancellationToken ct)
    {
        await _inputLock.WaitAsync(ct);
        try
        {
            if (_inputClosed || HasExited) return false;
            // Counted before it is written: the CLI may take it before this returns.
            Interlocked.Increment(ref _inputsWritten);
            try
            {
                await _process.StandardInput.WriteLineAsync(line.AsMemory(), ct);
                await _process.StandardInput.FlushAsync(ct);
            }
            catch
            {
                Interlocked.Decrement(ref _inputsWritten);
                throw;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false; // The reader went away (broken pipe).
        }
        finally
        {
            _inputLock.Release();
        }
    }

    /// <summary>
    /// Asks politely (stdin closed), waits up to the grace period, then kills the whole tree. Returns how many
    /// processes were killed, or null when it ended within the grace period.
    /// </summary>
    public async Task<int?> StopAsync(TimeSpan gracePeriod)
    {
        Interlocked.Exchange(ref _stopRequested, 1);
        await CloseInputAsync();
        if (await WaitForExitAsync(gracePeriod)) return null;
        var killed = KillTree();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        return killed;
    }

    public void MarkStopRequested() => Interlocked.Exchange(ref _stopRequested, 1);

    /// <summary>
    /// Kills the process and everything below it. On Linux the tree is read from <c>/proc/&lt;pid&gt;/task/*/children</c>
    /// first (a sandbox's init among it: killing that ends every process of the sandbox's PID namespace), then each is
    /// sent SIGKILL. Process.Kill(entireProcessTree) is the fallback elsewhere: it scans every process of the host, and
    /// a sandboxed agent was seen to survive it under load (issue 21's closing note).
    /// </summary>
    /// <returns>How many processes were sent the signal (1 where the tree cannot be read).</returns>
    public int KillTree()
    {
        if (OperatingSystem.IsLinux())
        {
            var tree = Descendants(ProcessId);
            if (!_process.HasExited) Signal(ProcessId, SigKill);
            foreach (var pid in tree) Signal(pid, SigKill);
            return tree.Count + 1;
        }
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or AggregateException)
        {
            // It exited in the meantime, or a child was already gone.
        }
        return 1;
    }

    private const int SigKill = 9;

    private static void Signal(int pid, int signal) => _ = Kill(pid, signal); // ESRCH (gone meanwhile) is fine.

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", ExactSpelling = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Every process below <paramref name="root"/>, parents before their children, from /proc.</summary>
    private static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var parent))
        {
            string[] tasks;
            try
            {
                tasks = Directory.GetDirectories($"/proc/{parent}/task");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Gone meanwhile.
            }
            foreach (var task in tasks)
            {
                string children;
                try
                {
                    children = File.ReadAllText(Path.Combine(task, "children"));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!int.TryParse(child, out var pid) || found.Contains(pid)) continue;
                    found.Add(pid);
                    queue.Enqueue(pid);
                }
            }
        }
        return found;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// The CLI ended a turn (its input kept open for nudges): the input is closed when it has taken every message
    /// written, so the process exits as it would with its input closed. A message it has not taken yet starts its
    /// next turn, whose end is checked again.
    /// </summary>
    private void OnTurnEnded(IAgentStreamParser parser)
    {
        var written = Volatile.Read(ref _inputsWritten);
        if (parser.InputsTaken >= written)
        {
            _ = CloseInputAsync(() => parser.InputsTaken >= Volatile.Read(ref _inputsWritten));
            return;
        }
        _ = CloseIfNeverTakenAsync(parser, parser.InputsTaken);
    }

    private async Task CloseIfNeverTakenAsync(IAgentStreamParser parser, int taken)
    {
        await Task.Delay(UntakenInputGrace);
        if (HasExited || parser.InputsTaken != taken) return;
        try
        {
            await CloseInputAsync();
        }
        catch (ObjectDisposedException)
        {
            // The process was disposed meanwhile.
        }
    }

    /// <param name="when">Checked under the input lock (no message is written meanwhile); null: always.</param>
    private async Task CloseInputAsync(Func<bool>? when = null)
    {
        await _inputLock.WaitAsync();
        try
        {
            if (_inputClosed || when?.Invoke() == false) return;
            _inputClosed = true;
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Broken pipe: the process is not reading anyway.
        }
        finally
        {
            _inputLock.Release();
        }
    }

    private static bool CloseQuietly(Process process)
    {
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It is not reading anyway.
        }
        return true;
    }

    /// <summary>A line of stdout: the CLI's JSON events become normalized ones; anything else passes through raw.</summary>
    private void OnStandardOutput(string line, List<ParsedAgentEvent> parsed)
    {
        parsed.Clear();
        if (_hooks.Parser is not { } parser || !parser.TryParse(line, parsed))
        {
            Emit(AgentEvent.OutputKind, AgentEvent.StandardOutput, line);
            return;
        }
        foreach (var agentEvent in parsed)
        {
            Emit(agentEvent.Kind, AgentEvent.StandardOutput, agentEvent.Text, agentEvent.Detail);
            _hooks.OnParsed?.Invoke(agentEvent);
        }
        if (_hooks.FirstInput is not null && parser.TurnsEnded > _turnsSeen)
        {
            _turnsSeen = parser.TurnsEnded;
            OnTurnEnded(parser);
        }
    }

    /// <summary>One event of the process's output: secrets taken out, to the live feed and the run's transcript.</summary>
    private void Emit(string kind, string stream, string text, IReadOnlyDictionary<string, string>? detail = null)
    {
        if (_hooks.Transcript is not { } transcript)
        {
            _feed.Append(AgentId, kind, stream, text, detail);
            return;
        }
        transcript.Add(_feed.Append(AgentId, kind, stream, transcript.Redactor.Redact(text), transcript.Redactor.Redact(detail)));
    }

    private async Task WatchAsync()
    {
        var parsed = new List<ParsedAgentEvent>();
        var stdout = Task.Run(() => OutputLineReader.ReadLinesAsync(_process.StandardOutput, line => OnStandardOutput(line, parsed)));
        var stderr = Task.Run(() => OutputLineReader.ReadLinesAsync(_process.StandardError,
            line => Emit(AgentEvent.OutputKind, AgentEvent.StandardError, line)));

        int exitCode;
        try
        {
            await _process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr).WaitAsync(OutputDrainLimit).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            exitCode = _process.ExitCode;
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or ObjectDisposedException)
        {
            exitCode = -1;
        }

        _exitCode = exitCode;
        try
        {
            _hooks.OnExited?.Invoke(_hooks.Parser);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keeping the CLI's session id is a convenience; the exit must still be recorded.
        }
        var how = StopRequested ? " after stop" : "";
        var ended = _feed.ProcessEnded(AgentId, _startedSequence, $"exited with code {exitCode}{how}");
        _hooks.Transcript?.Complete(exitCode, ended);
        _exited.TrySetResult();
    }

    public void Dispose()
    {
        _process.Dispose();
        _inputLock.Dispose();
    }
}

/// <summary>
/// What a run adds to a bare process: its output parser, callbacks for parsed events and exit, stdin closed at once (or
/// its first message written there, the input kept open until a turn ends with every message taken), and its
/// transcript (which also takes the run's secrets out of the live feed).
/// </summary>
internal sealed record AgentRunHooks(
    IAgentStreamParser? Parser = null,
    Action<ParsedAgentEvent>? OnParsed = null,
    Action<IAgentStreamParser?>? OnExited = null,
    bool CloseInput = false,
    RunTranscript? Transcript = null,
    string? FirstInput = null)
{
    public static readonly AgentRunHooks None = new();
}
