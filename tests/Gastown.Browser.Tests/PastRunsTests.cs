namespace Gastown.Browser.Tests;

/// <summary>
/// Issue 24: what an agent did is kept. A bead's finished runs are listed beside the live view, and a run's stored
/// transcript opens in place: here a real agent process (a shell command) that fails, so the reason is what a user reads.
/// </summary>
public sealed class PastRunsTests(BrowserFixture browser) : DashboardTest(browser)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Gastown:Container:Agents:polecat:Command:0"] = "/bin/sh",
        ["Gastown:Container:Agents:polecat:Command:1"] = "-c",
        ["Gastown:Container:Agents:polecat:Command:2"] = "echo 'looking for the bug'; echo 'cannot find the bug' >&2; exit 2",
        ["Gastown:Alarm:MaxRestarts"] = "0",
    };

    [Fact]
    public async Task A_beads_past_runs_show_beside_the_live_view_with_their_stored_transcripts()
    {
        var origin = await OriginAsync();
        var townId = await CreateTownAsync("alpha");
        var rigId = await CreateRigAsync(townId, "web", origin.Path);
        var bead = (await SlingAsync(rigId, "Find the bug")).GetProperty("bead").GetProperty("id").GetGuid();
        await SignInAsync();

        await Page.GotoAsync($"/#/rigs/{rigId}/beads/{bead}");
        var runs = Page.GetByRole(AriaRole.Region, new() { Name = "Past runs" });
        var run = runs.Locator("li.run").First;
        await Expect(run).ToContainTextAsync("run 1", new() { Timeout = 60_000 });
        await Expect(run).ToContainTextAsync("exit 2");

        await run.GetByRole(AriaRole.Button, new() { Name = "Show transcript" }).ClickAsync();
        var transcript = run.GetByRole(AriaRole.Log);
        await Expect(transcript).ToContainTextAsync("looking for the bug");
        await Expect(transcript).ToContainTextAsync("cannot find the bug");
        await Expect(transcript).ToContainTextAsync("exited with code 2");
        await Expect(transcript.Locator(".line-stderr")).ToContainTextAsync("cannot find the bug");
        await CheckPageAsync("bead-past-runs");
        await AssertNoHorizontalOverflowAsync();
    }
}
