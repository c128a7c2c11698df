using Deque.AxeCore.Playwright;

namespace Gastown.Browser.Tests.Support;

/// <summary>axe-core on the page as it is now: a serious or critical violation fails the test, naming where.</summary>
public static class Axe
{
    private static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string pageName)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations.Where(violation => Blocking.Contains(violation.Impact)).ToList();
        var report = string.Join("\n", blocking.Select(violation =>
            $"{violation.Impact} {violation.Id}: {violation.Help} at {string.Join(", ", violation.Nodes.Select(node => node.Target?.ToString()))}"));
        AxeLog.Record(pageName, result.Violations.Length, blocking.Count);
        blocking.ShouldBeEmpty($"axe on {pageName}:\n{report}");
    }
}

/// <summary>The axe outcome per page, appended to the artifacts folder so a reviewer sees it without running.</summary>
public static class AxeLog
{
    private static readonly Lock Gate = new();

    public static void Record(string pageName, int violations, int blocking)
    {
        lock (Gate)
            File.AppendAllText(Path.Combine(Artifacts.Folder, "axe.txt"),
                $"{DateTimeOffset.UtcNow:u}\t{pageName}\tviolations={violations}\tserious_or_critical={blocking}\n");
    }
}
