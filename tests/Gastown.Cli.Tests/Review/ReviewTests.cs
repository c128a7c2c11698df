using System.Text.Json;

namespace Gastown.Cli.Tests.Review;

/// <summary>`reviews`, `review` (the diff), `approve` and `reject` on a rig in approve mode, with real demo-agent runs.</summary>
public sealed class ReviewTests(CliServer world) : IClassFixture<CliServer>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_review_waits_for_a_person_shows_its_diff_and_is_approved_or_rejected()
    {
        var cli = await (await world.NewUserAsync("ann")).LoginAsync();
        var origin = await BareRepository.CreateAsync(world.Temp.Sub($"origin-{Guid.NewGuid():N}"));
        (await cli.RunAsync("town", "create", "alpha")).ShouldExit(0);
        (await cli.RunAsync("rig", "add", "web", origin.Path)).ShouldExit(0);
        (await cli.RunAsync("rig", "set", "web", "--mode", "approve")).ShouldExit(0);
        (await cli.RunAsync("reviews")).ShouldExit(0).Out.ShouldBe("No reviews.\n");

        var (first, firstPolecat) = await SlingAsync(cli, "Add a greeting", "Hello, reviewers.");
        var review = await AwaitingAsync(cli, first);
        Golden.ShouldMatch((await cli.RunAsync("reviews")).ShouldExit(0).Out, "reviews", firstPolecat);
        (await cli.RunAsync("reviews", "--rig", "web", "--status", "merged")).ShouldExit(0).Out.ShouldBe("No reviews.\n");
        (await cli.RunAsync("reviews", "--status", "someday")).ShouldExit(2).Err.ShouldStartWith("error: One or more validation errors occurred.\n  status: ");

        var shown = (await cli.RunAsync("review", review[..8])).ShouldExit(0).Out;
        shown.ShouldStartWith($"review {review} (web)\nbead    Add a greeting ({first})\nbranch  gt/");
        shown.ShouldContain($"beads/{first.Replace("-", "")[..8]}.md +3 -0\n@@ ");
        shown.ShouldContain("\n+# Add a greeting\n");
        shown.ShouldContain("\n+Hello, reviewers.\n");
        (await cli.RunAsync("review", "abcdef12")).ShouldExit(3).Err.ShouldBe("error: no review 'abcdef12' in town alpha.\n");

        (await cli.RunAsync("approve", review)).ShouldExit(0).Out.ShouldMatch($"^Approved review {review} \\(gt/[^)]+\\): approved\\.\n$");
        (await cli.RunAsync("approve", review)).ShouldExit(4).Err.ShouldStartWith("error: Conflict: ");
        await Eventually.TrueAsync(async () => (await origin.LogAsync()).Count > 1, "the approved branch to be merged", RunTimeout);
        (await origin.ShowFileAsync($"beads/{first.Replace("-", "")[..8]}.md")).ShouldBe("# Add a greeting\n\nHello, reviewers.\n");

        var (second, _) = await SlingAsync(cli, "Change something else", "Not this way.");
        var rejected = await AwaitingAsync(cli, second);
        (await cli.RunAsync("reject", rejected)).ShouldExit(2).Err.ShouldStartWith("error: Option '--feedback' is required.");
        (await cli.RunAsync("reject", rejected, "--feedback", "Please add a test.")).ShouldExit(0)
            .Out.ShouldMatch($"^Requested changes on review {rejected} \\(gt/[^)]+\\): changes_requested\\.\n$");
        var after = (await cli.RunAsync("reviews", "--json")).ShouldExit(0);
        JsonDocument.Parse(after.Out).RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == rejected)
            .GetProperty("feedback").GetString().ShouldBe("Please add a test.");
    }

    private static async Task<(string BeadId, string Polecat)> SlingAsync(CliUser cli, string title, string body)
    {
        var sling = (await cli.RunAsync("sling", "web", title, "--body", body, "--json")).ShouldExit(0);
        using var slung = JsonDocument.Parse(sling.Out);
        return (slung.RootElement.GetProperty("bead").GetProperty("id").GetString()!, slung.RootElement.GetProperty("agent").GetProperty("name").GetString()!);
    }

    private static async Task<string> AwaitingAsync(CliUser cli, string beadId)
    {
        var review = await Eventually.MatchAsync(async () =>
            {
                var run = (await cli.RunAsync("reviews", "--json")).ShouldExit(0);
                return JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Where(r => r.GetProperty("beadId").GetString() == beadId).Select(r => r.Clone()).FirstOrDefault();
            },
            review => review.ValueKind == JsonValueKind.Object && review.GetProperty("status").GetString() == "awaiting_approval",
            $"the review of {beadId} to await approval", RunTimeout);
        return review.GetProperty("id").GetString()!;
    }
}
