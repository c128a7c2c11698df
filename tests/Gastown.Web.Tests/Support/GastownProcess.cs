using System.Diagnostics;
using System.Threading.Channels;
using Gastown.Infrastructure.Container;

namespace Gastown.Web.Tests.Support;

/// <summary>
/// The real server executable (<c>dotnet Gastown.Web.dll …</c>) as its own process, with its output read line by
/// line: for what only a real process shows (what it prints at start, the operator's commands).
/// </summary>
public sealed class GastownProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];
    private readonly Task _pump;

    private GastownProcess(Process process)
    {
        _process = process;
        _pump = Task.WhenAll(PumpAsync(process.StandardOutput), PumpAsync(process.StandardError))
            .ContinueWith(_ => _lines.Writer.TryComplete(), TaskScheduler.Default);
    }

    /// <summary>Every line read so far (stdout and stderr).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_seen) return [.. _seen];
        }
    }

    /// <summary>Starts <c>dotnet Gastown.Web.dll args…</c> serving <paramref name="dataDir"/>.</summary>
    public static GastownProcess Start(string dataDir, params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GASTOWN_DATA_DIR"] = dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Gastown__DataDir");
        return new GastownProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Runs an operator command to its end and answers its exit code and output lines.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Lines)> RunAsync(string dataDir, params string[] args)
    {
        await using var process = Start(dataDir, args);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        await process._process.WaitForExitAsync(timeout.Token);
        await process._pump.WaitAsync(timeout.Token);
        return (process._process.ExitCode, process.Lines);
    }

    /// <summary>Reads lines until one matches; fails if the process ends (or a minute passes) first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
                if (match(line)) return line;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No line with {what} within {Patience.TotalSeconds} s. Output:\n{string.Join('\n', Lines)}");
        }
        throw new InvalidOperationException($"The process ended without a line with {what}. Output:\n{string.Join('\n', Lines)}");
    }

    /// <summary>Waits for Kestrel's "Now listening on:" line and answers the address.</summary>
    public async Task<Uri> WaitUntilListeningAsync()
    {
        const string marker = "Now listening on: ";
        var line = await WaitForLineAsync(l => l.Contains(marker, StringComparison.Ordinal), "the listening address");
        return new Uri(line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim());
    }

    /// <summary>Kills the process tree and waits until its output is fully read.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        await _pump;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lock (_seen) _seen.Add(line);
            _lines.Writer.TryWrite(line);
        }
    }
}
