namespace Gastown.Browser.Tests;

/// <summary>axe and a screenshot of the pages no flow above ends on, on any server (with or without management).</summary>
public sealed class PagesTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task Settings_escalations_and_not_found_pages_have_no_serious_accessibility_violations()
    {
        var townId = await CreateTownAsync("alpha");
        await SignInAsync();

        await Page.GotoAsync($"/#/towns/{townId}/settings");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "alpha: settings" })).ToBeVisibleAsync();
        // Either the settings form (management) or the reason it is not there.
        await Expect(Page.Locator(".config-form:not([hidden]), .load-error:not([hidden])").First).ToBeVisibleAsync();
        await CheckPageAsync("town-settings-any");

        await Page.GotoAsync($"/#/towns/{townId}/escalations");
        await Expect(Page.GetByText("Nothing is waiting for you")).ToBeVisibleAsync();
        await CheckPageAsync("escalations-empty");

        await Page.GotoAsync($"/#/towns/{townId}/board");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "alpha: board" })).ToBeVisibleAsync();
        await CheckPageAsync("board-empty");

        await Page.GotoAsync("/#/no/such/page");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Nothing here" })).ToBeVisibleAsync();
        await CheckPageAsync("not-found");
        ConsoleErrors.ShouldBeEmpty();
    }
}
