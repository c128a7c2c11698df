namespace Gastown.Browser.Tests.Support;

/// <summary>
/// Screenshots and the axe log go to TestResults/browser (git-ignored) at the repository root, or to
/// <c>GASTOWN_BROWSER_ARTIFACTS</c>, so a reviewer can look without running the suite.
/// </summary>
public static class Artifacts
{
    public static string Folder { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("GASTOWN_BROWSER_ARTIFACTS") is { Length: > 0 } custom
            ? custom
            : Path.Combine(RepositoryRoot(), "TestResults", "browser")).FullName;

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        // From the top: a full-page shot of a scrolled page draws the sticky header in the middle.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, $"{name}.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gastown.sln"))) return dir.FullName;
        return Path.GetTempPath();
    }
}
