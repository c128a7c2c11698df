using System.Net.Http.Json;

namespace Gastown.Browser.Tests;

/// <summary>
/// The Convoys tab (issue 23): plan a convoy across two rigs from the form, see its dependency graph with each bead's
/// live status, start it, see why it is blocked, and close it.
/// </summary>
public sealed class ConvoyTests(BrowserFixture browser) : DashboardTest(browser)
{
    // Polecats only wait: nothing merges while the test looks at who waits for whom.
    protected override IReadOnlyDictionary<string, string> Settings => WaitingPolecats();

    private ILocator Node(string title) => Page.Locator(".convoy-node", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }) });

    private ILocator Task(int number) => Page.Locator($".convoy-task[data-task=\"{number - 1}\"]");

    [Fact]
    public async Task Plan_a_convoy_across_two_rigs_see_its_graph_start_it_see_it_blocked_and_close_it()
    {
        var townId = await CreateTownAsync("alpha");
        await CreateRigAsync(townId, "web", (await OriginAsync("web")).Path);
        await CreateRigAsync(townId, "docs", (await OriginAsync("docs")).Path);
        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}");
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Town" }).GetByRole(AriaRole.Link, new() { Name = "Convoys" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "alpha: convoys" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("No convoys yet")).ToBeVisibleAsync();
        await CheckPageAsync("convoys-empty");

        // A plan the server refuses (a task after itself) says which task, and creates nothing.
        var form = Page.GetByRole(AriaRole.Form, new() { Name = "Plan a convoy" });
        await form.GetByLabel("Convoy title").FillAsync("Greeting");
        await Task(1).GetByLabel("Title").FillAsync("Add the API");
        await Task(1).GetByLabel("After tasks").FillAsync("1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create convoy" }).ClickAsync();
        await Expect(Task(1).Locator(".field-error:not([hidden])")).ToContainTextAsync("dependsOn");
        (await GetAsync($"api/towns/{townId}/convoys")).GetArrayLength().ShouldBe(0);

        // The plan: the API in web, then the UI (web) and the docs (docs) after it; staged.
        await Task(1).GetByLabel("After tasks").FillAsync("");
        await Task(2).GetByLabel("Title").FillAsync("Add the UI");
        await Task(2).GetByLabel("After tasks").FillAsync("1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add a task" }).ClickAsync();
        await Task(3).GetByLabel("Rig").SelectOptionAsync(new SelectOptionValue { Label = "docs" });
        await Task(3).GetByLabel("Title").FillAsync("Write the docs");
        await Task(3).GetByLabel("After tasks").FillAsync("1");
        await form.GetByLabel("Staged (nothing runs until started)").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create convoy" }).ClickAsync();

        // Its page: staged, the graph in two steps, each dependent naming what it waits for, one arrow per edge.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Greeting", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".badge[data-group=convoy]")).ToHaveTextAsync("staged");
        await Expect(Page.Locator(".convoy-layer")).ToHaveCountAsync(2);
        await Expect(Page.Locator(".convoy-layer").First.Locator(".convoy-node")).ToHaveCountAsync(1);
        await Expect(Node("Add the UI").Locator(".wait")).ToHaveTextAsync("Waits for “Add the API” (open)");
        await Expect(Node("Write the docs")).ToContainTextAsync("docs");
        await Expect(Page.Locator(".convoy-arrows path.convoy-edge")).ToHaveCountAsync(2);
        await CheckPageAsync("convoy-staged");
        await AssertNoHorizontalOverflowAsync();

        // Started: the first bead runs (a polecat on it), the others still wait.
        await Page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();
        await Expect(Page.Locator(".badge[data-group=convoy]")).ToHaveTextAsync("active");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true })).ToBeHiddenAsync();
        await Expect(Node("Add the API").Locator(".badge[data-group=bead]")).ToHaveTextAsync("in progress", new() { Timeout = 60_000 });
        await Expect(Node("Add the UI").Locator(".badge[data-group=bead]")).ToHaveTextAsync("open");

        // The list: progress and status; a cancelled blocker blocks the convoy and the list says why.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Convoys", Exact = true }).First.ClickAsync();
        var item = Page.Locator(".convoy-item", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = "Greeting" }) });
        await Expect(item.Locator(".convoy-bar-text")).ToHaveTextAsync("0/3 merged");
        await Expect(item.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuemax", "3");
        var convoy = (await GetAsync($"api/towns/{townId}/convoys"))[0];
        var api = convoy.GetProperty("id").GetGuid();
        var detail = await GetAsync($"api/towns/{townId}/convoys/{api}");
        var first = detail.GetProperty("beads").EnumerateArray().Single(b => b.GetProperty("title").GetString() == "Add the API");
        await PostAsync($"api/rigs/{first.GetProperty("rigId").GetGuid()}/beads/{first.GetProperty("id").GetGuid()}/cancel", new { });
        await Expect(item.Locator(".badge[data-group=convoy]")).ToHaveTextAsync("blocked", new() { Timeout = 60_000 });
        await Expect(item.Locator(".wait")).ToContainTextAsync("“Add the API” (cancelled)");
        await CheckPageAsync("convoys-blocked");

        // Closed from its page: every bead not merged is cancelled.
        await item.GetByRole(AriaRole.Link, new() { Name = "Greeting" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Close convoy" }).ClickAsync();
        await Page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Close convoy" }).ClickAsync();
        await Expect(Page.Locator(".badge[data-group=convoy]")).ToHaveTextAsync("closed");
        await Expect(Node("Write the docs").Locator(".badge[data-group=bead]")).ToHaveTextAsync("cancelled");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Close convoy" })).ToBeHiddenAsync();

        // Every bead card links to its convoy.
        await Page.GotoAsync($"/#/towns/{townId}/board");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Convoy of “Write the docs”" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Greeting", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator("#crumbs")).ToContainTextAsync("alpha");
        ConsoleErrors.ShouldBeEmpty();
    }
    [Fact]
    public async Task A_convoy_whose_work_finds_no_free_polecat_shows_stranded_and_why_in_the_list_and_on_its_page()
    {
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", (await OriginAsync("web")).Path);
        using (var capped = await Api.PatchAsJsonAsync($"api/towns/{townId}/config", new { maxPolecatsPerRig = 1 }))
            capped.IsSuccessStatusCode.ShouldBeTrue();
        // Other work takes the rig's one polecat (and waits): the convoy's first bead finds none.
        await SlingAsync(rigId, "Other work");
        await PostAsync($"api/towns/{townId}/convoys", new
        {
            title = "Greeting",
            tasks = new object[] { new { rig = "web", title = "Add the API" }, new { rig = "web", title = "Add the UI", dependsOn = new[] { 0 } } },
        });
        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}/convoys");

        var item = Page.Locator(".convoy-item", new() { Has = Page.GetByRole(AriaRole.Link, new() { Name = "Greeting" }) });
        await Expect(item.Locator(".badge[data-group=stranded]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(item.Locator(".badge[data-group=convoy]")).ToHaveTextAsync("active");
        await Expect(item.Locator(".wait")).ToContainTextAsync("Stranded (cap reached) since ");
        await Expect(item.Locator(".wait")).ToContainTextAsync("rig web has all 1 of its polecats busy with other work.");
        await CheckPageAsync("convoys-stranded");

        await item.GetByRole(AriaRole.Link, new() { Name = "Greeting" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Greeting", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.Locator(".badge[data-group=stranded]")).ToBeVisibleAsync();
        await Expect(Page.Locator("p.wait[role=status]")).ToContainTextAsync("Stranded (cap reached)");
        await CheckPageAsync("convoy-stranded");
        ConsoleErrors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_land_mode_convoy_shows_its_feature_branch_and_each_rigs_landing()
    {
        var townId = await CreateTownAsync("alpha");
        await CreateRigAsync(townId, "web", (await OriginAsync("web")).Path);
        var docs = await CreateRigAsync(townId, "docs", (await OriginAsync("docs")).Path);
        var convoy = await PostAsync($"api/towns/{townId}/convoys", new
        {
            title = "Greeting v2", mode = "land", staged = true,
            tasks = new object[] { new { rig = "web", title = "Add the API" }, new { rig = docs.ToString(), title = "Write the docs", dependsOn = new[] { 0 } } },
        });
        var feature = convoy.GetProperty("featureBranch").GetString()!;
        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}/convoys/{convoy.GetProperty("id").GetGuid()}");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Greeting v2", Level = 1 })).ToBeVisibleAsync();
        var landing = Page.GetByRole(AriaRole.Region, new() { Name = "Landing" });
        await Expect(landing).ToBeVisibleAsync();
        await Expect(landing.Locator("li")).ToHaveCountAsync(2);
        await Expect(landing.Locator("li", new() { HasText = "web" })).ToContainTextAsync(feature);
        await Expect(landing.Locator("li", new() { HasText = "docs" }).Locator(".badge")).ToHaveTextAsync("not yet");
        await Expect(landing.GetByRole(AriaRole.Link, new() { Name = "Open the review" })).ToHaveCountAsync(0);
        await CheckPageAsync("convoy-land-staged");
        await AssertNoHorizontalOverflowAsync();
        ConsoleErrors.ShouldBeEmpty();
    }
}
