using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// The real server as its own process (<c>dotnet Gastown.Web.dll --urls http://127.0.0.1:PORT</c>, GASTOWN_DATA_DIR
/// set, Production, the appsettings.json it ships with), so its memory and CPU are its own. Output lines are kept.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(TimeSpan At, string Line)> _lines = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>"exit code N" when the process has ended, else null.</summary>
    public string? ExitDescription => _process.HasExited ? $"exited with code {_process.ExitCode} after {Uptime.TotalSeconds:0} s" : null;

    /// <summary>Writes everything the server printed to a file (for a post-mortem) and answers its path.</summary>
    public string SaveLog(string directory, string name)
    {
        var path = Path.Combine(directory, $"{name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
        File.WriteAllLines(path, Lines);
        return path;
    }

    public TimeSpan Uptime => _clock.Elapsed;

    public static string ServerDll(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "src", "Gastown.Web", "bin", "Release", "net10.0", "Gastown.Web.dll");

    /// <param name="environment">Extra environment variables, e.g. <c>Gastown__Alarm__IdleInterval</c>.</param>
    /// <param name="port">The loopback port to listen on (known beforehand, e.g. for a cluster node's InternalUrl); a free one when null.</param>
    public static async Task<ServerProcess> StartAsync(
        string repositoryRoot, string dataDir, IReadOnlyDictionary<string, string>? environment = null, int? port = null)
    {
        var dll = ServerDll(repositoryRoot);
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the server first: dotnet build src/Gastown.Web -c Release ({dll} is missing).");
        port ??= FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.Environment["GASTOWN_DATA_DIR"] = dataDir;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited ({process.ExitCode}): {string.Join('\n', server.Lines.TakeLast(20))}");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("The server did not answer /health within 2 minutes.");
            await Task.Delay(100);
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines.Select(l => l.Line)];
        }
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>; answers it and when it came.</summary>
    public async Task<(string Line, TimeSpan At)?> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            lock (_lines)
                foreach (var (at, line) in _lines)
                    if (line.Contains(text, StringComparison.Ordinal)) return (line, at);
            await Task.Delay(100);
        }
        return null;
    }

    public int CountLines(string text)
    {
        lock (_lines) return _lines.Count(l => l.Line.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Resident memory and its parts, from /proc/PID/status (kB → MB).</summary>
    public MemorySample Memory()
    {
        var values = new Dictionary<string, double>();
        if (_process.HasExited) return new MemorySample(0, 0, 0, 0, 0, 0);
        IEnumerable<string> status;
        try
        {
            status = File.ReadAllLines($"/proc/{Id}/status");
        }
        catch (IOException)
        {
            return new MemorySample(0, 0, 0, 0, 0, 0);
        }
        foreach (var line in status)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon];
            if (key is not ("VmRSS" or "RssAnon" or "RssFile" or "RssShmem" or "Threads")) continue;
            var number = line[(colon + 1)..].Trim().Split(' ')[0];
            values[key] = double.Parse(number, CultureInfo.InvariantCulture);
        }
        return new MemorySample(values.GetValueOrDefault("VmRSS") / 1024, values.GetValueOrDefault("RssAnon") / 1024,
            values.GetValueOrDefault("RssFile") / 1024, values.GetValueOrDefault("RssShmem") / 1024, (int)values.GetValueOrDefault("Threads"),
            OpenFiles());
    }

    public int OpenFiles()
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{Id}/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private TimeSpan _lastCpu;

    /// <summary>CPU time used so far (the last known value once the process has exited).</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Refresh();
                _lastCpu = _process.TotalProcessorTime;
            }
        }
        catch (InvalidOperationException)
        {
        }
        return _lastCpu;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 15);   // SIGTERM: a graceful stop (Quartz and Kestrel shut down, WAL checkpointed)
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add((_clock.Elapsed, line));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

public sealed record MemorySample(double RssMb, double AnonMb, double FileMb, double ShmemMb, int Threads, int OpenFiles)
{
    public override string ToString() =>
        $"RSS {RssMb:0} MB (anon {AnonMb:0}, file {FileMb:0}, shmem {ShmemMb:0}), {Threads} threads, {OpenFiles} open files";
}
