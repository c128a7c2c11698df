namespace Gastown.Browser.Tests;

/// <summary>Issue 24: the agent view has a box for a nudge; the running demo polecat (which reads its input) gets it.</summary>
public sealed class NudgeBoxTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task A_nudge_sent_from_the_agent_view_reaches_the_running_polecat()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");
        var sling = Page.GetByRole(AriaRole.Region, new() { Name = "Sling a bead" });
        await sling.GetByLabel("Title").FillAsync("Wait for word");
        await sling.GetByLabel("Details").FillAsync("file: nudged.md\nwait: nudge");
        await sling.GetByRole(AriaRole.Button, new() { Name = "Sling" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Agents" })).ToContainTextAsync("waiting for a nudge", new() { Timeout = 60_000 });

        await Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Watch .* live$") }).ClickAsync();
        var box = Page.GetByRole(AriaRole.Form, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Nudge ") });
        await box.GetByLabel(new System.Text.RegularExpressions.Regex("^Nudge ")).FillAsync("Mention the changelog.");
        await box.GetByRole(AriaRole.Button, new() { Name = "Send nudge" }).ClickAsync();

        await Expect(box.Locator(".nudge-sent")).ToHaveTextAsync("Delivered to the running agent.");
        await Expect(Page.Locator(".terminal-log").First).ToContainTextAsync("got a nudge: Nudge: Mention the changelog.");
        await CheckPageAsync("agent-nudge");
        await AssertNoHorizontalOverflowAsync();
    }
}
