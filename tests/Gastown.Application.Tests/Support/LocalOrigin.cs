using System.Diagnostics;

namespace Gastown.Application.Tests.Support;

/// <summary>
/// A local bare git repository standing in for a rig's remote: one commit on <c>main</c>. Branches are pushed to it
/// from a seed clone, as a polecat on another machine would. Lives in its own temp folder, deleted on dispose.
/// </summary>
public sealed class LocalOrigin : IDisposable
{
    private static readonly Dictionary<string, string> Identity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.com",
        ["GIT_COMMITTER_NAME"] = "Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.com",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly string _folder;
    private readonly string _seed;

    private LocalOrigin(string folder)
    {
        _folder = folder;
        _seed = Path.Combine(folder, "seed");
        BarePath = Path.Combine(folder, "origin.git");
    }

    /// <summary>The bare repository's absolute path: a rig's git URL (local repositories must be allowed).</summary>
    public string BarePath { get; }

    public static async Task<LocalOrigin> CreateAsync()
    {
        var origin = new LocalOrigin(Directory.CreateTempSubdirectory("gastown-origin-").FullName);
        await GitAsync(origin._folder, "init", "--quiet", "--bare", "-b", "main", origin.BarePath);
        await GitAsync(origin._folder, "init", "--quiet", "-b", "main", origin._seed);
        await File.WriteAllTextAsync(Path.Combine(origin._seed, "README.md"), "seed\n", AppHarness.Ct);
        await GitAsync(origin._seed, "add", "-A");
        await GitAsync(origin._seed, "commit", "--quiet", "-m", "seed");
        await GitAsync(origin._seed, "push", "--quiet", origin.BarePath, "HEAD:refs/heads/main");
        return origin;
    }

    /// <summary>Pushes a branch off main with one new file, as a polecat's finished work.</summary>
    public async Task PushBranchAsync(string branch, string file, string content)
    {
        await GitAsync(_seed, "checkout", "--quiet", "-B", branch, "main");
        await File.WriteAllTextAsync(Path.Combine(_seed, file), content, AppHarness.Ct);
        await GitAsync(_seed, "add", "-A");
        await GitAsync(_seed, "commit", "--quiet", "-m", $"Work on {branch}");
        await GitAsync(_seed, "push", "--quiet", BarePath, $"HEAD:refs/heads/{branch}");
        await GitAsync(_seed, "checkout", "--quiet", "main");
    }

    /// <summary>Runs git against the bare repository (e.g. <c>rev-parse main</c>).</summary>
    public async Task<string> BareGitAsync(params string[] arguments) =>
        (await GitAsync(_folder, ["--git-dir", BarePath, .. arguments])).Trim();

    public void Dispose()
    {
        try
        {
            foreach (var entry in new DirectoryInfo(_folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                entry.Attributes = FileAttributes.Normal;
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder must not fail a test that passed.
        }
    }

    private static async Task<string> GitAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in Identity) start.Environment[name] = value;

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = git.StandardOutput.ReadToEndAsync(AppHarness.Ct);
        var error = git.StandardError.ReadToEndAsync(AppHarness.Ct);
        await git.WaitForExitAsync(AppHarness.Ct);
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({git.ExitCode}): {await error}");
        return await output;
    }
}
