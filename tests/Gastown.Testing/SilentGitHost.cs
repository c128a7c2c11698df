using System.Net;
using System.Net.Sockets;

namespace Gastown.Testing;

/// <summary>
/// A git host that never answers: a loopback listener that accepts every connection and then says nothing, neither
/// an http response nor an ssh banner. Each instance has a unique repository path, so the processes that try to reach
/// it can be found by their command lines (<see cref="ProcessesReachingIt"/>).
/// </summary>
public sealed class SilentGitHost : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SilentGitHost()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The unique path every URL of this host ends with.</summary>
    public string RepositoryPath { get; } = $"silent-{Guid.NewGuid():N}.git";

    public string HttpUrl(string name = "x") => $"http://127.0.0.1:{Port}/{name}/{RepositoryPath}";

    public string SshUrl(string name = "x") => $"ssh://git@127.0.0.1:{Port}/{name}/{RepositoryPath}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections
    {
        get
        {
            lock (_connections) return _connections.Count;
        }
    }

    /// <summary>Live processes on this machine whose command line names this host's repositories, as "pid: command line".</summary>
    public IReadOnlyList<string> ProcessesReachingIt()
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (commandLine.Contains(RepositoryPath, StringComparison.Ordinal)) found.Add($"{pid}: {commandLine}");
        }
        return found;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_connections) _connections.Add(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
            foreach (var connection in _connections) connection.Dispose();
        _stop.Dispose();
    }
}
