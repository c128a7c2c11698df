using System.Diagnostics;

namespace Gastown.Benchmarks.Support;

/// <summary>git as the bench runs it: one process per call, arguments as a list (never a shell string).</summary>
public static class Git
{
    /// <summary>A bare repository <paramref name="name"/> under <paramref name="root"/> with one seed commit on main.</summary>
    public static async Task<string> OriginAsync(string root, string name)
    {
        var bare = Path.Combine(root, name);
        var seed = Path.Combine(root, name + "-seed");
        await RunAsync(root, "init", "--quiet", "--bare", "-b", "main", bare);
        await RunAsync(root, "init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "seed\n");
        await RunAsync(seed, "add", "-A");
        await RunAsync(seed, "-c", "user.name=seed", "-c", "user.email=seed@example.com", "commit", "--quiet", "-m", "seed");
        await RunAsync(seed, "push", "--quiet", bare, "HEAD:refs/heads/main");
        return bare;
    }

    public static async Task RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEndAsync();
        await git.StandardOutput.ReadToEndAsync();
        await git.WaitForExitAsync();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)}: {await error}");
    }
}
