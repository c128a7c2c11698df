using System.Diagnostics;
using Gastown.Domain.Git;

namespace Gastown.Domain.Tests;

public sealed class GitBranchNameTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("master")]
    [InlineData("develop")]
    [InlineData("feature/login")]
    [InlineData("release/1.2.3")]
    [InlineData("gt/toast/1a2b3c4d")]
    [InlineData("user_name-42")]
    [InlineData("a@b")]
    [InlineData("x/HEAD")]
    public void Accepts_ordinary_branch_names(string name)
    {
        GitBranchName.Problem(name).ShouldBeNull();
        GitBranchName.IsValid(name).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null, "must not be empty")]
    [InlineData("", "must not be empty")]
    [InlineData("-x", "must not start with '-'")]
    [InlineData("--force", "must not start with '-'")]
    [InlineData("a..b", "must not contain '..'")]
    [InlineData("..", "must not contain '..'")]
    [InlineData("a@{b", "must not contain '@{' or be '@'")]
    [InlineData("@", "must not contain '@{' or be '@'")]
    [InlineData("/a", "must not start or end with '/' or contain '//'")]
    [InlineData("a/", "must not start or end with '/' or contain '//'")]
    [InlineData("a//b", "must not start or end with '/' or contain '//'")]
    [InlineData("a.", "must not end with '.' or '.lock'")]
    [InlineData("a.lock", "must not end with '.' or '.lock'")]
    [InlineData("a b", "must not contain spaces or control characters")]
    [InlineData("a\tb", "must not contain spaces or control characters")]
    [InlineData("a\nb", "must not contain spaces or control characters")]
    [InlineData("a\u007fb", "must not contain spaces or control characters")]
    [InlineData("a~b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a^b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a:b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a?b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a*b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a[b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData("a\\b", "must not contain any of ~ ^ : ? * [ \\")]
    [InlineData(".hidden", "no part may start with '.'")]
    [InlineData("a/.b", "no part may start with '.'")]
    public void Refuses_each_invalid_form_with_its_reason(string? name, string reason)
    {
        GitBranchName.Problem(name).ShouldBe(reason);
        GitBranchName.IsValid(name).ShouldBeFalse();
    }

    [Fact]
    public void Refuses_a_name_longer_than_the_limit()
    {
        GitBranchName.IsValid(new string('a', GitBranchName.MaxLength)).ShouldBeTrue();
        GitBranchName.Problem(new string('a', GitBranchName.MaxLength + 1)).ShouldBe($"must be at most {GitBranchName.MaxLength} characters");
    }

    [Theory]
    [InlineData("a.lock/b")]
    [InlineData("feature/x.lock/y")]
    [InlineData("HEAD")]
    public void Refuses_what_git_refuses_inside_a_name(string name) =>
        GitBranchName.IsValid(name).ShouldBeFalse();

    /// <summary>
    /// git itself is the reference: whatever the rule accepts, <c>git check-ref-format --branch</c> must accept too
    /// (the rule may be stricter, never looser), since the name ends up in git argument lists.
    /// </summary>
    [Fact]
    public async Task Never_accepts_a_name_git_would_refuse()
    {
        string[] names =
        [
            "main", "feature/x", "a.lock/b", "a.lock", "HEAD", "@", "a/.b", ".a", "a..b", "a b", "-x", "a@{b", "a/", "/a",
            "a//b", "a.", "a~b", "a^b", "a:b", "a?b", "a*b", "a[b", "a\\b", "a@b", "héllo", "a/b.lock", "x/HEAD", "@a",
            "refs/heads/x", "a$b", "a\u007fb", "a/b/c", "v1.0", "x.lock.y",
        ];

        var looser = new List<string>();
        foreach (var name in names)
            if (GitBranchName.IsValid(name) && !await GitAcceptsAsync(name))
                looser.Add(name);

        looser.ShouldBeEmpty();
    }

    private static async Task<bool> GitAcceptsAsync(string name)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("check-ref-format");
        start.ArgumentList.Add("--branch");
        start.ArgumentList.Add(name);
        using var git = Process.Start(start)!;
        await git.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await git.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await git.WaitForExitAsync(TestContext.Current.CancellationToken);
        return git.ExitCode == 0;
    }
}
