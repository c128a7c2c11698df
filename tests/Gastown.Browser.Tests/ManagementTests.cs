using System.Text.RegularExpressions;

namespace Gastown.Browser.Tests;

/// <summary>The dashboard's management UI over issue 11's routes (see <see cref="Management"/>).</summary>
[Trait("Needs", "management")]
public sealed class ManagementTests(BrowserFixture browser) : DashboardTest(browser)
{
    protected override IReadOnlyDictionary<string, string> Settings => Enumerable.Range(0, 5)
        .ToDictionary(index => $"Gastown:Alarm:DispatchBackoff:{index}", _ => "00:00:00.100");

    private ILocator Beads => Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true });

    /// <summary>The row of the bead titled exactly so (its escalation note has the title inside its own).</summary>
    private ILocator Row(string title) => Beads.Locator("tbody tr").Filter(new()
    {
        Has = Page.GetByRole(AriaRole.Button, new() { Name = title, Exact = true }),
    });

    [Fact]
    public async Task A_rig_with_a_wrong_url_is_fixed_its_escalated_bead_retried_to_closed_and_another_cancelled()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        await Management.RequireAsync(Api, townId);
        var rigId = await CreateRigAsync(townId, "web", Path.Combine(Temp.Path, "typo.git"));
        await SlingAsync(rigId, "Keeps failing");
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");

        // Escalated after its attempts ran out (fast back-off), and the failure is on the row meanwhile.
        var failing = Row("Keeps failing");
        await Expect(failing.Locator(".badge[data-value=escalated]")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // A second bead, cancelled from its detail panel (after a confirmation).
        await SlingAsync(rigId, "Cancel me");
        var cancelRow = Row("Cancel me");
        await cancelRow.GetByRole(AriaRole.Button, new() { Name = "Cancel me", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel bead" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Cancel bead" }).ClickAsync();
        await Expect(cancelRow.Locator(".badge[data-group=bead]")).ToHaveTextAsync("cancelled");

        // Fix the rig's URL, then retry the escalated bead: it is dispatched, worked, merged and closed.
        await Page.GetByText("Rig settings").ClickAsync();
        var settings = Page.Locator(".rig-settings");
        await settings.GetByLabel("Git URL").FillAsync(origin.Path);
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save rig" }).ClickAsync();
        await Expect(Page.Locator(".page-head .muted.mono")).ToContainTextAsync(origin.Path);

        await failing.GetByRole(AriaRole.Button, new() { Name = "Keeps failing", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Retry", Exact = true }).ClickAsync();
        await Expect(failing.Locator(".badge[data-group=bead]")).ToHaveTextAsync("closed", new() { Timeout = 90_000 });
        await CheckPageAsync("rig-managed");
        ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Town_settings_take_a_secret_that_never_comes_back_to_the_page_and_the_town_can_be_renamed()
    {
        const string secret = "sk-ant-browser-test-secret-0123456789";
        const string gitSecret = "ghp_browserTestGitToken0123456789";
        var townId = await CreateTownAsync("alpha");
        await Management.RequireAsync(Api, townId);
        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}/settings");

        var config = Page.GetByRole(AriaRole.Region, new() { Name = "Agent settings" });
        await config.GetByLabel("Anthropic API key").FillAsync(secret);
        await config.GetByLabel("Git username").FillAsync("builder");
        await config.GetByLabel("Git token").FillAsync(gitSecret);
        await config.GetByLabel("Environment variables").FillAsync("SECRET_THING=" + secret);
        await config.GetByLabel("Polecats per rig").FillAsync("3");
        await config.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(config.GetByText("Settings saved.")).ToBeVisibleAsync();

        // The key fields are empty again and say a key is stored; nothing on the page holds the secret.
        await Expect(config.GetByLabel("Anthropic API key")).ToHaveValueAsync("");
        await Expect(config.Locator("[data-field='endpoints.anthropic.apiKey'] .hint")).ToContainTextAsync("A secret is stored");
        (await Page.ContentAsync()).ShouldNotContain(secret);
        (await Page.ContentAsync()).ShouldNotContain(gitSecret);

        await Page.ReloadAsync();
        await Expect(config.GetByLabel("Polecats per rig")).ToHaveValueAsync("3");
        await Expect(config.GetByLabel("Git username")).ToHaveValueAsync("builder");
        await Expect(config.GetByLabel("Environment variables")).ToHaveValueAsync(new Regex("^SECRET_THING=\\*\\*\\*\\*$"));
        (await Page.ContentAsync()).ShouldNotContain(secret);
        (await Page.ContentAsync()).ShouldNotContain(gitSecret);
        (await Page.EvaluateAsync<string>("() => [...document.querySelectorAll('input,textarea')].map(e => e.value).join('\\n')")).ShouldNotContain(secret);

        // The server's problem details show on the form (a name another town of the user has: 409).
        await CreateTownAsync("taken");
        var rename = Page.GetByRole(AriaRole.Region, new() { Name = "Name" });
        await rename.GetByLabel("Name").FillAsync("taken");
        await rename.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(rename.Locator(".form-error")).ToContainTextAsync("taken");

        await rename.GetByLabel("Name").FillAsync("beta");
        await rename.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "beta: settings" })).ToBeVisibleAsync();
        await CheckPageAsync("town-settings");
        await AssertNoHorizontalOverflowAsync();
        ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rig_and_then_the_town_are_deleted_after_a_confirmation()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("doomed");
        await Management.RequireAsync(Api, townId);
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "web", Level = 1 })).ToBeVisibleAsync();
        await Page.GetByText("Rig settings").ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete this rig" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete web?");
        await CheckPageAsync("rig-delete-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete rig" }).ClickAsync();

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "doomed", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByText("No rigs yet")).ToBeVisibleAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Delete this town" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete town" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Towns", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "doomed" })).ToHaveCountAsync(0);
        ConsoleErrors.ShouldBeEmpty();
    }
}

/// <summary>Default back-off (minutes between attempts): a failed dispatch stays on the agent's hook meanwhile.</summary>
[Trait("Needs", "management")]
public sealed class AgentResetTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task An_agent_stuck_on_a_failing_bead_is_reset_and_lets_go_of_it()
    {
        var townId = await CreateTownAsync("alpha");
        await Management.RequireAsync(Api, townId);
        var rigId = await CreateRigAsync(townId, "web", Path.Combine(Temp.Path, "typo.git"));
        await SlingAsync(rigId, "Stuck");
        await SignInAsync();
        await Page.GotoAsync($"/#/rigs/{rigId}");

        var agents = Page.GetByRole(AriaRole.Region, new() { Name = "Agents" });
        var agentRow = agents.Locator("tbody tr").First;
        await Expect(agentRow.GetByRole(AriaRole.Button, new() { Name = "Stuck" })).ToBeVisibleAsync();
        await Expect(agentRow.Locator(".failure").First).ToContainTextAsync("typo.git", new() { Timeout = 15_000 });
        await agentRow.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Reset ") }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Reset agent" }).ClickAsync();
        await Expect(agentRow.Locator("[role=alert]")).ToBeHiddenAsync();

        // Before the reset the failed dispatch left the bead on the agent's hook (the next attempt is minutes
        // away); the reset takes it off, which the bead's ledger records.
        await Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true })
            .GetByRole(AriaRole.Button, new() { Name = "Stuck", Exact = true }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Region, new() { Name = "Stuck" }).Locator(".events")).ToContainTextAsync("unhooked");
        ConsoleErrors.ShouldBeEmpty();
    }
}
