using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Tests.Support;

/// <summary>git for test setup: fixed identity, no user or system config, and a failure is a test failure.</summary>
public static class TestGit
{
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.com",
        ["GIT_COMMITTER_NAME"] = "Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.com",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var result = await GitRunner.RunAsync(workingDirectory, arguments, TestContext.Current.CancellationToken, Environment);
        if (!result.Succeeded)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Message}");
        return result.StandardOutput.Trim();
    }

    public static async Task<bool> SucceedsAsync(string workingDirectory, params string[] arguments) =>
        (await GitRunner.RunAsync(workingDirectory, arguments, TestContext.Current.CancellationToken, Environment)).Succeeded;
}
