namespace Gastown.Browser.Tests;

/// <summary>
/// Held and blocked beads (issue 23) on the board's cards and the rig's rows and detail: what each waits for, named,
/// and hold/release from either page.
/// </summary>
public sealed class DependencyTests(BrowserFixture browser) : DashboardTest(browser)
{
    // Polecats only wait: the blocker stays in progress while the test looks at what waits on it.
    protected override IReadOnlyDictionary<string, string> Settings => WaitingPolecats();

    private ILocator Card(string title) => Page.Locator(".board-card", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }) });

    [Fact]
    public async Task A_blocked_bead_names_its_blocker_is_held_and_released_and_shows_a_cancelled_blocker_as_stuck()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        var api = (await SlingAsync(rigId, "Add the API")).GetProperty("bead").GetProperty("id").GetGuid();
        var ui = (await PostAsync($"api/rigs/{rigId}/sling", new { title = "Add the UI", dependsOn = new[] { api } }))
            .GetProperty("bead").GetProperty("id").GetGuid();
        await SignInAsync();

        // The board: the dependent card says blocked, and by what.
        await Page.GotoAsync($"/#/towns/{townId}/board");
        var card = Card("Add the UI");
        await Expect(card.Locator(".badge[data-value=blocked]")).ToBeVisibleAsync();
        await Expect(card.Locator(".board-wait")).ToContainTextAsync("Waits for “Add the API”");
        await Expect(card.Locator(".badge[data-value=held]")).ToBeHiddenAsync();
        await Expect(Card("Add the API").Locator(".badge[data-group=wait]:visible")).ToHaveCountAsync(0);

        // Hold it from its card: held, and the button now releases.
        await card.GetByRole(AriaRole.Button, new() { Name = "Hold “Add the UI”" }).ClickAsync();
        await Expect(card.Locator(".badge[data-value=held]")).ToBeVisibleAsync();
        await Expect(card.Locator(".board-wait")).ToContainTextAsync("Held");
        (await GetAsync($"api/rigs/{rigId}/beads?status=open")).EnumerateArray()
            .Single(bead => bead.GetProperty("id").GetGuid() == ui).GetProperty("held").GetBoolean().ShouldBeTrue();
        await CheckPageAsync("board-held-blocked");
        await AssertNoHorizontalOverflowAsync();

        // The rig page: the row shows both, the detail lists the dependency; release from there.
        await Page.GotoAsync($"/#/rigs/{rigId}/beads/{ui}");
        var row = Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true }).Locator("tbody tr")
            .Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Add the UI", Exact = true }) });
        await Expect(row.Locator(".badge[data-value=held]")).ToBeVisibleAsync();
        await Expect(row.Locator(".badge[data-value=blocked]")).ToBeVisibleAsync();
        var detail = Page.Locator(".bead-detail");
        await Expect(detail.Locator(".depends-on")).ToContainTextAsync("Add the API");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Release", Exact = true }).ClickAsync();
        await Expect(row.Locator(".badge[data-value=held]")).ToBeHiddenAsync();
        await Expect(detail.GetByRole(AriaRole.Button, new() { Name = "Hold", Exact = true })).ToBeVisibleAsync();
        await Expect(row.Locator(".badge[data-value=blocked]")).ToBeVisibleAsync();
        await CheckPageAsync("rig-blocked");

        // A cancelled blocker does not release its dependent: it shows as stuck, with why.
        await PostAsync($"api/rigs/{rigId}/beads/{api}/cancel", new { });
        await Expect(row.Locator(".badge[data-value=blocked_stuck]")).ToBeVisibleAsync();
        await Expect(row.Locator(".wait")).ToContainTextAsync("(cancelled)");
        await Page.GotoAsync($"/#/towns/{townId}/board");
        await Expect(Card("Add the UI").Locator(".board-wait")).ToContainTextAsync("retry or close the stuck one");
        ConsoleErrors.ShouldBeEmpty();
    }
}
