namespace Gastown.Browser.Tests;

/// <summary>The happy path a new user takes: a town, a rig, a bead slung and closed, all without a reload.</summary>
public sealed class WorkLoopTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task Create_a_town_and_a_rig_sling_a_bead_watch_it_live_and_see_it_close_on_the_board_without_a_reload()
    {
        var origin = await OriginAsync();
        await SignInAsync();

        // A town, from the towns page.
        await Page.GetByLabel("Name").FillAsync("alpha");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create town" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "alpha", Level = 1 })).ToBeVisibleAsync();

        // A rig, from the town page (a new town opens the form).
        var rigs = Page.GetByRole(AriaRole.Region, new() { Name = "Rigs" });
        await rigs.GetByLabel("Name").FillAsync("web");
        await rigs.GetByLabel("Git URL").FillAsync(origin.Path);
        await rigs.GetByRole(AriaRole.Button, new() { Name = "Add rig" }).ClickAsync();
        await Expect(rigs.GetByRole(AriaRole.Link, new() { Name = "web" })).ToBeVisibleAsync();
        await CheckPageAsync("town");
        await AssertNoHorizontalOverflowAsync();

        await rigs.GetByRole(AriaRole.Link, new() { Name = "web" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "web", Level = 1 })).ToBeVisibleAsync();
        await CheckPageAsync("rig-empty");

        // Sling, and watch the polecat from the sling box while it works.
        var sling = Page.GetByRole(AriaRole.Region, new() { Name = "Sling a bead" });
        await sling.GetByLabel("Title").FillAsync("Add a greeting");
        await sling.GetByRole(AriaRole.Button, new() { Name = "Sling" }).ClickAsync();
        var watch = sling.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Watch ") });
        await watch.ClickAsync();
        var log = Page.GetByRole(AriaRole.Log);
        await Expect(log).ToContainTextAsync("hooked bead", new() { Timeout = 60_000 });
        await Expect(log).ToContainTextAsync("Add a greeting");

        // The bead reaches closed with no reload: in the table, in the sling box, and the box no longer says working.
        var row = Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true }).Locator("tbody tr", new() { HasText = "Add a greeting" });
        await Expect(row.Locator(".badge[data-group=bead]")).ToHaveTextAsync("closed", new() { Timeout = 90_000 });
        await Expect(sling.Locator(".badge[data-group=bead]")).ToHaveTextAsync("closed");
        await Expect(sling.Locator(".badge[data-group=agent]")).Not.ToHaveTextAsync("working");
        (await origin.LogAsync()).ShouldContain(subject => subject.Contains("Add a greeting", StringComparison.Ordinal) || subject.StartsWith("Merge", StringComparison.Ordinal));

        // The ledger names people and agents, not ids; the merge is the rig's.
        await row.GetByRole(AriaRole.Button, new() { Name = "Add a greeting" }).ClickAsync();
        var detail = Page.GetByRole(AriaRole.Region, new() { Name = "Add a greeting" });
        await Expect(detail.Locator(".events")).ToContainTextAsync("merged");
        await Expect(detail).ToContainTextAsync("Slung by");
        await Expect(detail.Locator("dd", new() { HasText = "you" }).First).ToBeVisibleAsync();
        await Expect(detail.Locator(".events li", new() { HasText = "merged" }).First).ToContainTextAsync("by the rig");
        await Expect(log).ToContainTextAsync("done");
        await CheckPageAsync("rig");
        await AssertNoHorizontalOverflowAsync();

        // The board: the closed bead with its polecat on the card.
        await Page.GotoAsync($"/#/towns/{await TownIdFromCrumbsAsync()}/board");
        var closed = Page.GetByRole(AriaRole.Region, new() { Name = "Closed" });
        await Expect(closed.Locator(".board-card", new() { HasText = "Add a greeting" })).ToBeVisibleAsync();
        await Expect(closed.Locator(".board-card .agent-name")).ToHaveCountAsync(1);
        await CheckPageAsync("board");
        await AssertNoHorizontalOverflowAsync();
        ConsoleErrors.ShouldBeEmpty();
    }

    private async Task<string> TownIdFromCrumbsAsync()
    {
        var href = await Page.Locator("#crumbs a[href^='#/towns/']").First.GetAttributeAsync("href");
        return href!["#/towns/".Length..];
    }
}
