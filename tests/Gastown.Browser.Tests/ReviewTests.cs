using System.Net.Http.Json;

namespace Gastown.Browser.Tests;

/// <summary>
/// Review before merge from the dashboard, for real: a rig in approve mode with a gate, the demo polecat, real git on
/// a bare origin. The town's review queue lists what waits; its diff view shows the changed file; approve merges
/// (checked on the origin with git); reject sends the feedback back and the polecat's next round waits again.
/// </summary>
public sealed class ReviewTests(BrowserFixture browser) : DashboardTest(browser)
{
    [Fact]
    public async Task The_town_queue_shows_a_waiting_review_its_diff_and_approve_merges_while_reject_sends_it_back_with_feedback()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        await PatchAsync($"api/rigs/{rigId}", new { review = new { gates = new[] { new[] { "git", "--version" } }, mode = "approve" } });
        await PostAsync($"api/rigs/{rigId}/sling", new { title = "Add a page", body = "file: docs/page.md" });
        await PostAsync($"api/rigs/{rigId}/sling", new { title = "Add a note", body = "file: notes/note.md" });
        var mainBefore = await origin.LogAsync();

        await SignInAsync();
        await Page.GotoAsync($"/#/towns/{townId}/reviews");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "alpha: reviews", Level = 1 })).ToBeVisibleAsync();
        var queue = Page.GetByRole(AriaRole.Region, new() { Name = "Review queue of every rig" });
        var page = queue.Locator("tbody tr", new() { HasText = "Add a page" });
        var note = queue.Locator("tbody tr", new() { HasText = "Add a note" });
        await Expect(page.Locator(".badge[data-group=review]")).ToHaveTextAsync("awaiting approval", new() { Timeout = 90_000 });
        await Expect(note.Locator(".badge[data-group=review]")).ToHaveTextAsync("awaiting approval", new() { Timeout = 90_000 });
        await Expect(page).ToContainTextAsync("web");
        await Expect(page).ToContainTextAsync("1/1 passed");
        await Expect(queue.Locator("[data-group=waiting] strong")).ToHaveTextAsync("2");
        (await origin.LogAsync()).ShouldBe(mainBefore); // Gated, waiting: nothing pushed.
        await CheckPageAsync("town-reviews");
        await AssertNoHorizontalOverflowAsync();

        // The diff view, from the queue: the changed file's path and its added line.
        await page.GetByRole(AriaRole.Link, new() { Name = "Open diff of Add a page" }).ClickAsync();
        var review = Page.Locator(".review-detail");
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Add a page" })).ToBeVisibleAsync();
        var file = review.Locator(".diff-file", new() { HasText = "docs/page.md" });
        await Expect(file.Locator("summary")).ToContainTextAsync("docs/page.md");
        await Expect(file.Locator(".diff-add", new() { HasText = "+# Add a page" })).ToBeVisibleAsync();
        await Expect(review.Locator(".gate")).ToContainTextAsync("git --version");
        await CheckPageAsync("review-diff");

        // Approve: merged on the origin (a merge commit whose second parent is the polecat's branch), and shown merged.
        await review.GetByRole(AriaRole.Button, new() { Name = "Approve and merge" }).ClickAsync();
        var rigQueue = Page.GetByRole(AriaRole.Region, new() { Name = "Review queue", Exact = true });
        await Expect(rigQueue.Locator("tbody .badge[data-group=review][data-value=merged]")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Eventually.MatchAsync(() => origin.LogAsync(),
            log => log.Any(s => s.StartsWith("Merge ", StringComparison.Ordinal) && s.EndsWith(": Add a page", StringComparison.Ordinal)),
            "the approved branch merged on the origin", Deadline);
        (await origin.ShowFileAsync("docs/page.md")).ShouldContain("# Add a page");
        var parents = (await BareRepository.GitAsync(origin.Path, "log", "-1", "--format=%P", "main")).Trim().Split(' ');
        parents.Length.ShouldBe(2, "main's head is a merge commit");
        await Expect(review.Locator("dd .badge[data-group=review]")).ToHaveTextAsync("merged", new() { Timeout = 30_000 });
        var beads = Page.GetByRole(AriaRole.Region, new() { Name = "Beads", Exact = true });
        await Expect(beads.Locator("tbody tr", new() { HasText = "Add a page" }).Locator(".badge[data-group=bead]")).ToHaveTextAsync("closed");

        // Reject the other with feedback: changes requested, the polecat answers on the same branch and waits again.
        await Page.GotoAsync($"/#/towns/{townId}/reviews");
        await note.GetByRole(AriaRole.Link, new() { Name = "Open diff of Add a note" }).ClickAsync();
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Add a note" })).ToBeVisibleAsync();
        await Expect(review.Locator(".diff-file", new() { HasText = "notes/note.md" })).ToBeVisibleAsync();
        await review.GetByLabel("Feedback for the polecat").FillAsync("Please add a table of contents.");
        await review.GetByRole(AriaRole.Button, new() { Name = "Request changes" }).ClickAsync();
        await Expect(review.Locator("dd .badge[data-group=review]")).ToHaveTextAsync("changes requested");
        await Expect(review).ToContainTextAsync("Please add a table of contents.");

        // The bead shows its review round; the town queue shows the second round waiting.
        var noteRow = beads.Locator("tbody tr", new() { HasText = "Add a note" });
        await Expect(noteRow.Locator(".badge[data-value=review_rounds]")).ToHaveTextAsync("1 review round", new() { Timeout = 60_000 });
        await Page.GotoAsync($"/#/towns/{townId}/reviews");
        var rounds = queue.Locator("tbody tr", new() { HasText = "Add a note" });
        await Expect(rounds).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Expect(rounds.Locator(".badge[data-group=review][data-value=awaiting_approval]")).ToHaveCountAsync(1, new() { Timeout = 90_000 });
        await Expect(rounds.Locator(".badge[data-group=review][data-value=changes_requested]")).ToHaveCountAsync(1);
        (await origin.LogAsync()).Count(s => s.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(1); // Only the approved one.
        await CheckPageAsync("town-reviews-rounds");
        ConsoleErrors.ShouldBeEmpty();
    }

    private async Task PatchAsync(string path, object body)
    {
        using var response = await Api.PatchAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"PATCH {path} answered {(int)response.StatusCode}: {text}");
    }
}
