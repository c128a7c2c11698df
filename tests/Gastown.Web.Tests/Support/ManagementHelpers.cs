using System.Diagnostics;
using System.Text;

namespace Gastown.Web.Tests.Support;

public static class ManagementHelpers
{
    public static async Task<JsonElement> PatchJsonAsync(this HttpClient client, string path, object body, HttpStatusCode status) =>
        await (await client.PatchAsJsonAsync(path, body, Json.Ct)).ShouldHaveStatusAsync(status);

    public static async Task<JsonElement> DeleteAsync(this HttpClient client, string path, HttpStatusCode status) =>
        await (await client.DeleteAsync(path, Json.Ct)).ShouldHaveStatusAsync(status);

    public static async Task<JsonElement> PostEmptyAsync(this HttpClient client, string path, HttpStatusCode status) =>
        await (await client.PostAsync(path, null, Json.Ct)).ShouldHaveStatusAsync(status);

    /// <summary>Waits on a condition with a deadline (never a fixed sleep), then fails with what it last saw.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        T last;
        do
        {
            last = await probe();
            if (condition(last)) return last;
            await Task.Delay(100, Json.Ct);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Timed out waiting for {what}. Last seen: {last}");
    }

    public static async Task<string> GitAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync(Json.Ct);
        var error = git.StandardError.ReadToEndAsync(Json.Ct);
        await git.WaitForExitAsync(Json.Ct);
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }

    /// <summary>A bare repository <c>{folder}/{name}.git</c> with one commit on main.</summary>
    public static async Task<string> CreateBareRepositoryAsync(string folder, string name)
    {
        var bare = Path.Combine(folder, $"{name}.git");
        var seed = Path.Combine(folder, $"{name}-seed");
        Directory.CreateDirectory(folder);
        await GitAsync(folder, "init", "--quiet", "--bare", "-b", "main", bare);
        await GitAsync(folder, "init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "seed\n", Json.Ct);
        await GitAsync(seed, "add", "-A");
        await GitAsync(seed, "-c", "user.name=seed", "-c", "user.email=seed@example.com", "commit", "--quiet", "-m", "seed");
        await GitAsync(seed, "push", "--quiet", bare, "HEAD:refs/heads/main");
        return bare;
    }

    /// <summary>The files under a folder (recursively) whose bytes contain the text.</summary>
    public static IReadOnlyList<string> FilesContaining(string folder, string text)
    {
        if (!Directory.Exists(folder)) return [];
        var needle = Encoding.UTF8.GetBytes(text);
        var hits = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
        {
            try
            {
                if (File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0) hits.Add(file);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
        return hits;
    }

    public static bool ProcessExists(int pid) => Directory.Exists($"/proc/{pid}");
}

/// <summary>
/// Watches every process's command line (<c>/proc/*/cmdline</c>) while it runs, for a secret; keeps the pids and
/// command lines that showed it.
/// </summary>
public sealed class CommandLineWatch : IAsyncDisposable
{
    private readonly byte[] _needle;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _hits = new();
    private long _scans;

    public CommandLineWatch(string secret)
    {
        _needle = Encoding.UTF8.GetBytes(secret);
        _loop = Task.Run(LoopAsync);
    }

    public IReadOnlyDictionary<int, string> Hits => _hits;

    public long Scans => Interlocked.Read(ref _scans);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                try
                {
                    var cmdline = await File.ReadAllBytesAsync(Path.Combine(dir, "cmdline"));
                    if (cmdline.AsSpan().IndexOf(_needle) >= 0) _hits[pid] = Encoding.UTF8.GetString(cmdline).Replace('\0', ' ');
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The process ended meanwhile.
                }
            }
            Interlocked.Increment(ref _scans);
            try
            {
                await Task.Delay(5, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
