using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Gastown.Infrastructure.Container;

namespace Gastown.Testing;

/// <summary>
/// The real Gastown server as a child process (`dotnet Gastown.Web.dll`) on a random loopback port, with its own
/// data directory and settings. It can be stopped, killed and started again on the same data directory.
/// </summary>
public sealed partial class GastownServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GastownServer(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Printed only on the very first start of a data directory.</summary>
    public string? AdminToken { get; private set; }

    public int ProcessId => _process.Id;

    /// <summary>Whether the server process has ended (stopped, killed or crashed).</summary>
    public bool HasExited => _process.HasExited;

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>
    /// Path of the server program, which is also the demo agent (<c>demo-agent</c>): copied beside every test project
    /// that references Gastown.Web.
    /// </summary>
    public static string ProgramPath => Path.Combine(AppContext.BaseDirectory, "Gastown.Web.dll");

    public static async Task<GastownServer> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["GASTOWN_DATA_DIR"] = dataDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var server = new GastownServer(new Process { StartInfo = start, EnableRaisingEvents = true });
        server._process.OutputDataReceived += (_, line) => server.OnOutput(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.OnOutput(line.Data);
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException($"The server exited early:\n{server.Log}"));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();

        server.BaseAddress = await server._listening.Task.WaitAsync(StartTimeout);
        return server;
    }

    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A clean shutdown (SIGTERM): the host stops, the container kills its agents.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } }))
            await kill!.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>A crash (SIGKILL): nothing gets to clean up; agent processes are orphaned.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.StartsWith("Admin token: ", StringComparison.Ordinal)) AdminToken = line["Admin token: ".Length..].Trim();
        if (Listening().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups["url"].Value));
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex Listening();
}
