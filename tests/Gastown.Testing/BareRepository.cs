using System.Diagnostics;

namespace Gastown.Testing;

/// <summary>A local bare git repository with one commit on <c>main</c>: a rig's origin.</summary>
public sealed class BareRepository
{
    private BareRepository(string path) => Path = path;

    public string Path { get; }

    /// <param name="files">More files of the first commit (relative path → content), beside README.md.</param>
    public static async Task<BareRepository> CreateAsync(string folder, IReadOnlyDictionary<string, string>? files = null)
    {
        var bare = System.IO.Path.Combine(folder, "origin.git");
        var seed = System.IO.Path.Combine(folder, "seed");
        await GitAsync(folder, "init", "--quiet", "--bare", "-b", "main", bare);
        await GitAsync(folder, "init", "--quiet", "-b", "main", seed);
        await File.WriteAllTextAsync(System.IO.Path.Combine(seed, "README.md"), "seed\n");
        foreach (var (file, content) in files ?? new Dictionary<string, string>())
            await File.WriteAllTextAsync(System.IO.Path.Combine(seed, file), content);
        await GitAsync(seed, "add", "-A");
        await GitAsync(seed, "-c", "user.name=seed", "-c", "user.email=seed@example.com", "commit", "--quiet", "-m", "seed");
        await GitAsync(seed, "push", "--quiet", bare, "HEAD:refs/heads/main");
        return new BareRepository(bare);
    }

    /// <summary>Subjects of the commits on a branch, newest first.</summary>
    public async Task<IReadOnlyList<string>> LogAsync(string branch = "main") =>
        (await GitAsync(Path, "log", "--format=%s", branch)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<IReadOnlyList<string>> BranchesAsync() =>
        (await GitAsync(Path, "for-each-ref", "--format=%(refname:short)", "refs/heads")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public async Task<string> ShowFileAsync(string file, string branch = "main") => await GitAsync(Path, "show", $"{branch}:{file}");

    public static async Task<string> GitAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var git = Process.Start(start)!;
        var output = git.StandardOutput.ReadToEndAsync();
        var error = git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }
}
