namespace Gastown.Infrastructure.Tests.Support;

/// <summary>
/// A local bare repository standing in for a rig's remote: one commit on <c>main</c> with a README. Branches are
/// pushed to it from a separate working clone, as another machine would.
/// </summary>
public sealed class OriginRepository
{
    private readonly string _workingClone;

    private OriginRepository(string barePath, string workingClone)
    {
        BarePath = barePath;
        _workingClone = workingClone;
    }

    public string BarePath { get; }

    public static async Task<OriginRepository> CreateAsync(TempDirectory temp)
    {
        var seed = temp.Combine("seed");
        Directory.CreateDirectory(seed);
        await TestGit.RunAsync(seed, "init", "--quiet", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(seed, "README.md"), "# Test repository\n\nfirst line\n", TestContext.Current.CancellationToken);
        await TestGit.RunAsync(seed, "add", "-A");
        await TestGit.RunAsync(seed, "commit", "--quiet", "-m", "Initial commit");
        var bare = temp.Combine("origin.git");
        await TestGit.RunAsync(temp.Path, "clone", "--quiet", "--bare", "--", seed, bare);
        var workingClone = temp.Combine("other-machine");
        await TestGit.RunAsync(temp.Path, "clone", "--quiet", "--", bare, workingClone);
        return new OriginRepository(bare, workingClone);
    }

    /// <summary>Commits one file on a new branch from main and pushes it; answers the commit.</summary>
    public async Task<string> PushBranchAsync(string branch, string file, string content)
    {
        await TestGit.RunAsync(_workingClone, "fetch", "--quiet", "origin");
        await TestGit.RunAsync(_workingClone, "checkout", "--quiet", "-B", branch, "origin/main");
        var path = Path.Combine(_workingClone, file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
        await TestGit.RunAsync(_workingClone, "add", "-A");
        await TestGit.RunAsync(_workingClone, "commit", "--quiet", "-m", $"Change {file} on {branch}");
        await TestGit.RunAsync(_workingClone, "push", "--quiet", "origin", $"HEAD:refs/heads/{branch}");
        return await TestGit.RunAsync(_workingClone, "rev-parse", "HEAD");
    }

    public Task<string> BareGitAsync(params string[] arguments) =>
        TestGit.RunAsync(Path.GetDirectoryName(BarePath)!, ["--git-dir", BarePath, .. arguments]);
}
