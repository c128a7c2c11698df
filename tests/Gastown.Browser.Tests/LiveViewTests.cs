using System.Text.RegularExpressions;

namespace Gastown.Browser.Tests;

/// <summary>Issue 12, item 3: the live view follows a polecat onto its next bead without a Reconnect.</summary>
public sealed class LiveViewTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task Watching_a_polecat_shows_its_next_run_when_it_takes_a_new_bead()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");

        var sling = Page.GetByRole(AriaRole.Region, new() { Name = "Sling a bead" });
        await sling.GetByLabel("Title").FillAsync("First bead");
        await sling.GetByRole(AriaRole.Button, new() { Name = "Sling" }).ClickAsync();
        await sling.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Watch ") }).ClickAsync();
        var log = Page.GetByRole(AriaRole.Log);
        await Expect(log).ToContainTextAsync("First bead", new() { Timeout = 60_000 });
        var beads = Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true });
        await Expect(beads.Locator("tbody tr", new() { HasText = "First bead" }).Locator(".badge[data-group=bead]"))
            .ToHaveTextAsync("closed", new() { Timeout = 90_000 });
        await Expect(Page.Locator(".terminal-state")).ToContainTextAsync("waiting for the next run");

        // The same (now idle) polecat takes the next bead: its new run appears in the open view by itself.
        await sling.GetByLabel("Title").FillAsync("Second bead");
        await sling.GetByRole(AriaRole.Button, new() { Name = "Sling" }).ClickAsync();
        await Expect(log).ToContainTextAsync("a new run", new() { Timeout = 60_000 });
        await Expect(log).ToContainTextAsync("hooked bead");
        await Expect(log.Locator(".line", new() { HasText = "Second bead" }).First).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Reconnect" })).ToBeHiddenAsync();
        ConsoleErrors.ShouldBeEmpty();
    }
}
