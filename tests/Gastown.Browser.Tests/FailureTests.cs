namespace Gastown.Browser.Tests;

/// <summary>Issue 12, item 1: a failing dispatch shows at once, on the rig, in the live view, and in the inbox.</summary>
public sealed class FailureTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task A_rig_with_an_unreachable_url_shows_its_failure_within_seconds()
    {
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "ghost", Path.Combine(Temp.Path, "no-such-repository.git"));
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");
        var sling = Page.GetByRole(AriaRole.Region, new() { Name = "Sling a bead" });
        await sling.GetByLabel("Title").FillAsync("Never dispatched");
        await sling.GetByRole(AriaRole.Button, new() { Name = "Sling" }).ClickAsync();

        // Within seconds (the default back-off waits minutes between attempts, so this is the first failure):
        // the bead's row, the agent's row and the sling box say so (the management update: "Failing: <lastError>").
        var row = Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true }).Locator("tbody tr", new() { HasText = "Never dispatched" });
        var failure = new System.Text.RegularExpressions.Regex("Dispatch failed|Failing");
        await Expect(row.Locator(".failure")).ToHaveTextAsync(failure, new() { Timeout = 15_000 });
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Agents" }).Locator(".failure").First).ToHaveTextAsync(failure);
        await Expect(sling.Locator(".failure")).ToHaveTextAsync(failure);

        // The live view says why it is empty, instead of a bare "Live" badge.
        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Watch .* live$") }).ClickAsync();
        await Expect(Page.Locator(".terminal-banner")).ToHaveTextAsync(failure);
        await CheckPageAsync("rig-failing");
        await AssertNoHorizontalOverflowAsync();
    }
}

/// <summary>Fast back-off: a dispatch that keeps failing is escalated in seconds.</summary>
public sealed class EscalationTests(BrowserFixture browser) : DashboardTest(browser)
{
    protected override IReadOnlyDictionary<string, string> Settings => Enumerable.Range(0, 5)
        .ToDictionary(index => $"Gastown:Alarm:DispatchBackoff:{index}", _ => "00:00:00.100");

    [Fact]
    public async Task An_escalation_shows_in_the_towns_inbox_with_names_not_ids_and_a_long_path_does_not_widen_the_page()
    {
        var townId = await CreateTownAsync("alpha");
        var deepPath = Path.Combine(Temp.Path, string.Join('/', Enumerable.Repeat("a-very-long-directory-name-for-the-path", 8)), "missing.git");
        var rigId = await CreateRigAsync(townId, "ghost", deepPath);
        var bead = (await SlingAsync(rigId, "Keeps failing")).GetProperty("bead").GetProperty("id").GetGuid();
        await SignInAsync();

        await Page.GotoAsync($"/#/towns/{townId}/escalations");
        var card = Page.Locator(".inbox-item").First;
        await Expect(card).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(card.Locator("dd").First).ToHaveTextAsync("ghost");
        await Expect(card).ToContainTextAsync("Keeps failing");
        await Expect(card).Not.ToContainTextAsync(bead.ToString());
        await CheckPageAsync("escalations");
        await AssertNoHorizontalOverflowAsync();

        // The board puts the bead in "Escalated".
        await Page.GotoAsync($"/#/towns/{townId}/board");
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Escalated" }).Locator(".board-card", new() { HasText = "Keeps failing" })).ToBeVisibleAsync();
        await CheckPageAsync("board-escalated");
        await AssertNoHorizontalOverflowAsync();
        ConsoleErrors.ShouldBeEmpty();
    }
}
