using System.Text.Json;

namespace Gastown.Cli.Tests.Work;

/// <summary>
/// `sling` (with `--after`), `beads`, `bead`, `cancel`, `retry`, `hold`, `release`, `status`, `feed` and `peek` over real demo-agent runs: a slung bead
/// is worked, reviewed and merged by the server while the CLI watches.
/// </summary>
public sealed class WorkTests(CliServer world) : IClassFixture<CliServer>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    private async Task<CliUser> TownWithRigAsync(string user)
    {
        var cli = await (await world.NewUserAsync(user)).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);
        return cli;
    }

    private static async Task<JsonElement> BeadReachesAsync(CliUser cli, string beadId, string status) =>
        await Eventually.MatchAsync(async () =>
            {
                var run = (await cli.RunAsync("beads", "--json")).ShouldExit(0);
                return JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Single(b => b.GetProperty("id").GetString() == beadId);
            },
            bead => bead.GetProperty("status").GetString() == status, $"bead {beadId} to be {status}", RunTimeout);

    [Fact]
    public async Task A_slung_bead_is_worked_and_merged_while_feed_follow_prints_its_events()
    {
        var cli = await TownWithRigAsync("ann");
        var feed = cli.Start("", "feed", "--follow", "--interval", "0.2");

        var sling = (await cli.RunAsync("sling", "web", "Add a greeting", "--body", "Say hello.", "--json")).ShouldExit(0);
        using var slung = JsonDocument.Parse(sling.Out);
        var beadId = slung.RootElement.GetProperty("bead").GetProperty("id").GetString()!;
        var polecat = slung.RootElement.GetProperty("agent").GetProperty("name").GetString()!;

        await BeadReachesAsync(cli, beadId, "closed");
        await Eventually.TrueAsync(() => feed.Output.Contains($"{beadId[..8]}  closed"), "feed --follow to print the close", RunTimeout);
        feed.Stop();
        var followed = (await feed.Completion).ShouldExit(0);
        var lines = followed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] expected = ["created", "hooked", "dispatched", "review_submitted", "merged", "closed"];
        var order = expected.Select(type => Array.FindIndex(lines, line => line.Contains($"  web  {beadId[..8]}  {type}"))).ToList();
        order.ShouldAllBe(index => index >= 0, followed.Out);
        order.ShouldBeInOrder(SortDirection.Ascending, followed.Out);
        lines.Length.ShouldBe(lines.Distinct().Count(), "an event is printed once");

        Golden.ShouldMatch((await cli.RunAsync("beads")).ShouldExit(0).Out, "beads", polecat);
        Golden.ShouldMatch((await cli.RunAsync("beads", "--status", "open")).ShouldExit(0).Out, "beads-none");
        (await cli.RunAsync("beads", "--status", "later")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  status: ");

        var bead = (await cli.RunAsync("bead", beadId[..8])).ShouldExit(0).Out;
        bead.ShouldStartWith($"Add a greeting\n  id       {beadId}\n  rig      web\n  status   closed\n  body     Say hello.\n");
        bead.ShouldContain(" merged ");
        (await cli.RunAsync("bead", "0000aaaa")).ShouldExit(3).Err.ShouldBe("error: no bead '0000aaaa' in town alpha.\n");

        // Only the events that want attention: none in a clean run.
        (await cli.RunAsync("feed", "--problems")).ShouldExit(0).Out.ShouldBeEmpty();
        var last = (await cli.RunAsync("feed", "-n", "2")).ShouldExit(0).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        last.Length.ShouldBe(2);
        last[^1].ShouldEndWith("closed");
        // Following from the last two: later polls (which look back a while) never bring back the older events.
        var tail = (await cli.RunAsync("", TimeSpan.FromSeconds(2), "feed", "--follow", "-n", "2", "--interval", "0.2")).ShouldExit(0);
        tail.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(last);
    }

    [Fact]
    public async Task Status_watch_prints_the_board_again_as_it_changes()
    {
        var cli = await TownWithRigAsync("dee");
        var watch = cli.Start("", "status", "--watch", "--interval", "0.2");
        await Eventually.TrueAsync(() => watch.Output.Contains("Town alpha"), "the first board");
        watch.Output.ShouldNotContain("polecat");

        var sling = (await cli.RunAsync("sling", "web", "Watch me", "--json")).ShouldExit(0);
        var beadId = JsonDocument.Parse(sling.Out).RootElement.GetProperty("bead").GetProperty("id").GetString()!;
        await BeadReachesAsync(cli, beadId, "closed");
        await Eventually.TrueAsync(() => watch.Output.TrimEnd().Split("\n\n").Last().Contains("polecat  idle"), "the board to show the polecat idle again", RunTimeout);
        watch.Stop();
        var run = (await watch.Completion).ShouldExit(0);
        run.Out.Split("Town alpha").Length.ShouldBeGreaterThan(2, "the board is printed again when it changes");
        (await cli.RunAsync("status", "--watch", "--json")).ShouldExit(2);
    }

    [Fact]
    public async Task Peek_shows_the_agents_output_of_a_real_run_until_its_process_ends()
    {
        var cli = await TownWithRigAsync("bea");
        var sling = (await cli.RunAsync("sling", "web", "Add a file", "--json")).ShouldExit(0);
        var polecat = JsonDocument.Parse(sling.Out).RootElement.GetProperty("agent").GetProperty("name").GetString()!;

        var peek = (await cli.RunAsync("", RunTimeout, "peek", polecat)).ShouldExit(0);
        peek.Out.ShouldContain("asking gt_prime what is on my hook");
        peek.Out.ShouldContain("telling gt_done I am done");
        peek.Err.ShouldStartWith($"Watching {polecat} (polecat, ");
        peek.Err.ShouldEndWith("Stream closed: agent process ended.\n");

        var json = (await cli.RunAsync("", RunTimeout, "peek", polecat, "--json")).ShouldExit(0);
        json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("kind").GetString())
            .ShouldContain("output");
        (await cli.RunAsync("peek", "Nobody")).ShouldExit(3).Err.ShouldBe("error: no agent 'Nobody' in town alpha.\n");

        // The run, kept after its process ended: listed, and its transcript read back.
        var runs = await Eventually.MatchAsync(async () => (await cli.RunAsync("peek", polecat, "--runs", "--json")).ShouldExit(0).Out,
            json => JsonDocument.Parse(json).RootElement.EnumerateArray().Any(run => run.GetProperty("status").GetString() == "ended"),
            "the finished run to be kept", RunTimeout);
        var runId = JsonDocument.Parse(runs).RootElement[0].GetProperty("id").GetString()!;
        var table = (await cli.RunAsync("peek", polecat, "--runs")).ShouldExit(0).Out;
        table.ShouldStartWith("RUN       BEAD      GEN  STARTED");
        table.ShouldContain(runId[..8]);
        table.Split('\n')[0].TrimEnd().ShouldEndWith("STATUS");
        table.ShouldContain(" ended");
        var transcript = (await cli.RunAsync("peek", polecat, "--run", runId[..8])).ShouldExit(0).Out;
        transcript.ShouldContain("asking gt_prime what is on my hook");
        transcript.ShouldContain("telling gt_done I am done");
        (await cli.RunAsync("peek", polecat, "--run", "ffffffff")).ShouldExit(3).Err.ShouldBe("error: no run 'ffffffff' of this agent.\n");

        // A nudge to the idle polecat waits for its next run; the mayor and strangers are refused.
        (await cli.RunAsync("nudge", polecat, "Please also add a test.")).ShouldExit(0).Out.ShouldBe($"Nudged {polecat}: kept for its next run.\n");
        (await cli.RunAsync("nudge", polecat, "")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  message: ");
        (await cli.RunAsync("nudge", "Nobody", "hi")).ShouldExit(3);
    }

    [Fact]
    public async Task Cancel_and_retry_answer_what_the_server_allows_and_status_shows_the_board()
    {
        var cli = await TownWithRigAsync("cal");
        (await cli.RunAsync("rig", "set", "web", "--mode", "approve")).ShouldExit(0);
        var body = Path.Combine(cli.Home, "body.md");
        await File.WriteAllTextAsync(body, "From a file.\n");
        var sling = (await cli.RunAsync("sling", "web", "Wait for me", "--body-file", body, "--json")).ShouldExit(0);
        using var slung = JsonDocument.Parse(sling.Out);
        var beadId = slung.RootElement.GetProperty("bead").GetProperty("id").GetString()!;
        slung.RootElement.GetProperty("bead").GetProperty("body").GetString().ShouldBe("From a file.\n");
        var polecat = slung.RootElement.GetProperty("agent").GetProperty("name").GetString()!;

        (await cli.RunAsync("sling", "nowhere", "Lost")).ShouldExit(3).Err.ShouldBe("error: no rig 'nowhere' in town alpha.\n");
        (await cli.RunAsync("sling", "web", "")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  title: ");
        (await cli.RunAsync("sling", "web", "Two bodies", "--body", "a", "--body-file", body)).ShouldExit(2);

        // In approve mode the merge waits for a person: the bead stays in progress, nothing to retry.
        await Eventually.TrueAsync(async () => (await cli.RunAsync("reviews", "--json")).Out.Contains("awaiting_approval"), "the review to await approval", RunTimeout);
        (await cli.RunAsync("retry", beadId)).ShouldExit(4).Err.ShouldStartWith("error: Conflict: ");

        Golden.ShouldMatch((await cli.RunAsync("status")).ShouldExit(0).Out, "status", polecat);

        (await cli.RunAsync("cancel", beadId[..8])).ShouldExit(0).Out.ShouldBe($"Cancelled bead {beadId} (Wait for me): cancelled.\n");
        (await cli.RunAsync("cancel", beadId)).ShouldExit(4).Err.ShouldStartWith("error: Conflict: ");
        (await cli.RunAsync("cancel", "ffffffff")).ShouldExit(3);
    }

    [Fact]
    public async Task Sling_after_waits_for_its_blocker_to_merge_and_a_held_bead_waits_for_its_release()
    {
        var cli = await TownWithRigAsync("eve");
        (await cli.RunAsync("rig", "set", "web", "--mode", "approve")).ShouldExit(0);
        var first = JsonDocument.Parse((await cli.RunAsync("sling", "web", "Lay the ground", "--json")).ShouldExit(0).Out)
            .RootElement.GetProperty("bead").GetProperty("id").GetString()!;
        (await cli.RunAsync("sling", "web", "Orphan", "--after", "ffffffff")).ShouldExit(3).Err.ShouldBe("error: no bead 'ffffffff' in town alpha.\n");

        var slung = (await cli.RunAsync("sling", "web", "Build on it", "--after", first[..8])).ShouldExit(0).Out;
        slung.ShouldMatch("^Slung bead [0-9a-f-]{36} to rig web: waits until 1 other bead\\(s\\) merged\\.\n$");
        var second = slung["Slung bead ".Length..][..36];
        var shown = (await cli.RunAsync("bead", second[..8])).ShouldExit(0).Out;
        shown.ShouldContain($"  status   open (blocked by {first[..8]})\n");
        shown.ShouldContain($"  after    {first[..8]}\n");
        shown.ShouldContain($"  waits on {first[..8]} (in_progress)\n");

        (await cli.RunAsync("hold", second)).ShouldExit(0).Out.ShouldBe($"Held bead {second} (Build on it): open (held).\n");
        (await cli.RunAsync("release", second)).ShouldExit(0).Out.ShouldBe($"Released bead {second} (Build on it): open (blocked by {first[..8]}).\n");
        (await cli.RunAsync("hold", second)).ShouldExit(0);

        // The blocker merges once approved; the held dependent still waits, until it is released.
        var review = await Eventually.MatchAsync(async () =>
            {
                var run = (await cli.RunAsync("reviews", "--json")).ShouldExit(0);
                return JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Where(r => r.GetProperty("beadId").GetString() == first).Select(r => r.Clone()).FirstOrDefault();
            },
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() == "awaiting_approval", "the blocker's review", RunTimeout);
        (await cli.RunAsync("approve", review.GetProperty("id").GetString()!)).ShouldExit(0);
        await BeadReachesAsync(cli, first, "closed");
        (await cli.RunAsync("bead", second)).ShouldExit(0).Out.ShouldContain("  status   open (held)\n");
        (await cli.RunAsync("release", second)).ShouldExit(0);
        await BeadReachesAsync(cli, second, "in_progress");
    }
}
