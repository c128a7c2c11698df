namespace Gastown.Browser.Tests;

/// <summary>A server without the town sandbox says so on every page, loudly (decision 0021); one with it says nothing.</summary>
public sealed class SandboxBannerTests(BrowserFixture browser) : DashboardTest(browser)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Gastown:Sandbox:Mode"] = "none" };

    [Fact]
    public async Task An_unsandboxed_server_shows_a_warning_on_every_page()
    {
        await Page.GotoAsync("/");
        var warning = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "No sandbox" });
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToContainTextAsync("Install bubblewrap");
        await CheckPageAsync("sandbox-warning");
    }
}
