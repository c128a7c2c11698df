using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.Review;

/// <summary>
/// Review before merge, for real: the real server, the demo polecat, real git and real gate processes (argument lists,
/// no shell: `test`, `git`, `false`). The demo polecat answers a request for changes by appending the feedback it got
/// from gt_prime to REVIEW.md, so a gate `test -e REVIEW.md` fails the first round and passes the second.
/// </summary>
public sealed class ReviewTests : ServerTest
{
    private static readonly string[] NeedsAnAnswer = ["test", "-e", "REVIEW.md"];

    [Fact]
    public async Task A_failing_gate_pushes_nothing_sends_the_feedback_back_and_the_second_round_merges_and_deletes_the_branch()
    {
        await ConfigureAsync(new { gates = new[] { new[] { "git", "--version" }, NeedsAnAnswer }, gateTimeout = 60 });
        var sling = await Api.SlingAsync(RigId, "Add a greeting", "Say hello.");
        var branch = BranchOf(sling);

        var closed = await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");

        // Round 1 failed at the gate with its output; round 2 (same polecat, same branch) passed and merged.
        var reviews = await ReviewsAsync();
        reviews.Select(r => r.GetProperty("status").GetString()).Order().ShouldBe(["changes_requested", "merged"]);
        var failed = reviews.Single(r => r.GetProperty("status").GetString() == "changes_requested");
        failed.GetProperty("message").GetString().ShouldBe("gate `test -e REVIEW.md` failed");
        failed.GetProperty("gates").EnumerateArray().Select(g => g.GetProperty("passed").GetBoolean()).ShouldBe([true, false]);
        failed.GetProperty("feedback").GetString()!.ShouldContain("Gate `test -e REVIEW.md` failed (exit code 1)");
        reviews.Select(r => r.GetProperty("agentId").GetGuid()).Distinct().ShouldHaveSingleItem().ShouldBe(sling.Agent!.Id);
        reviews.Select(r => r.GetProperty("branch").GetString()).Distinct().ShouldHaveSingleItem().ShouldBe(branch);

        // The feedback reached the polecat (gt_prime), which answered it on the same branch.
        (await Origin.ShowFileAsync("REVIEW.md")).ShouldContain("## Review round 1");
        (await Origin.ShowFileAsync("REVIEW.md")).ShouldContain("Gate `test -e REVIEW.md` failed");
        closed.Metadata["review_feedback"].ShouldContain("test -e REVIEW.md");
        (await Origin.LogAsync()).Count(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(1);
        var events = (await Api.EventsAsync(RigId, sling.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain("changes_requested");
        events.Count(type => type == "review_submitted").ShouldBe(2);
        events[^3..].ShouldBe(["merged", "status_changed", "closed"]);

        // Merged and confirmed: the polecat's branch is gone from the remote.
        await Eventually.TrueAsync(async () => (await BareRepository.GitAsync(Origin.Path, "branch", "--list", branch)).Trim().Length == 0,
            "the merged branch to be deleted on the remote", Eventually.DefaultProcessTimeout);
    }

    [Fact]
    public async Task A_gate_that_hangs_is_killed_at_its_timeout_and_review_rounds_run_out_into_an_escalation_keeping_the_branch_until_the_bead_is_cancelled()
    {
        await ConfigureAsync(new { gates = new[] { new[] { "sleep", "600" } }, gateTimeout = 1, maxReviewRounds = 2 });
        var mainBefore = await Origin.LogAsync();
        var sling = await Api.SlingAsync(RigId, "Never good enough", "Try.");

        var beads = await Eventually.MatchAsync(() => Api.BeadsAsync(RigId), all => all.Any(b => b.Type == "escalation"),
            "the escalation after two rounds", TimeSpan.FromSeconds(120));
        beads.Single(b => b.Type == "escalation").Title.ShouldBe("Review rounds exhausted: Never good enough");
        var bead = beads.Single(b => b.Id == sling.Bead.Id);
        (bead.Status, bead.EscalatedAt is not null).ShouldBe(("open", true));

        var reviews = await ReviewsAsync();
        reviews.Count.ShouldBe(2);
        foreach (var review in reviews)
        {
            review.GetProperty("status").GetString().ShouldBe("changes_requested");
            var gate = review.GetProperty("gates").EnumerateArray().Single();
            (gate.GetProperty("timedOut").GetBoolean(), gate.GetProperty("passed").GetBoolean()).ShouldBe((true, false));
        }
        (await Origin.LogAsync()).ShouldBe(mainBefore); // Nothing was pushed to main.
        var branch = BranchOf(sling);
        (await Origin.LogAsync(branch)).ShouldNotBeEmpty(); // The failed branch is kept while the bead is open (escalated).
        (await BareRepository.GitAsync(Origin.Path, "branch", "--list", branch)).Trim().ShouldNotBeEmpty();

        // Cancelled: the answer comes at once, the kept branch goes in the background, on the remote and in the clone.
        using (var cancelled = await Api.Http.PostAsync($"api/rigs/{RigId}/beads/{sling.Bead.Id}/cancel", null))
            cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await BareRepository.GitAsync(Origin.Path, "branch", "--list", branch)).Trim().Length == 0,
            "the kept branch to be deleted on the remote after the bead was cancelled", Eventually.DefaultProcessTimeout);
        var deleted = await Eventually.MatchAsync(ReviewsAsync, all => all.All(r => r.GetProperty("branchDeletedAt").ValueKind == JsonValueKind.String),
            "every entry of the branch to record its deletion", Eventually.DefaultProcessTimeout);
        deleted.Count.ShouldBe(2);
        var clone = System.IO.Path.Combine(DataDirectory, "workspaces", "rigs", RigId.ToString("N"), "repo");
        (await BareRepository.GitAsync(clone, "branch", "--all", "--list", $"*{branch}")).Trim().ShouldBeEmpty();
        (await Origin.LogAsync()).ShouldBe(mainBefore); // Still nothing merged.
    }

    [Fact]
    public async Task Done_without_a_commit_is_never_merged_it_comes_back_as_review_rounds_and_escalates()
    {
        // The demo polecat, told 'work: skip', calls gt_done without writing or committing anything, every round.
        await ConfigureAsync(new { maxReviewRounds = 2 });
        var mainBefore = await Origin.LogAsync();
        var sling = await Api.SlingAsync(RigId, "Claim it done", "work: skip");

        var beads = await Eventually.MatchAsync(() => Api.BeadsAsync(RigId), all => all.Any(b => b.Type == "escalation"),
            "the escalation after two rounds without changes", TimeSpan.FromSeconds(180));
        beads.Single(b => b.Type == "escalation").Title.ShouldBe("Review rounds exhausted: Claim it done");
        var bead = beads.Single(b => b.Id == sling.Bead.Id);
        (bead.Status, bead.EscalatedAt is not null).ShouldBe(("open", true));

        var reviews = await ReviewsAsync();
        reviews.Count.ShouldBe(2);
        foreach (var review in reviews)
        {
            (review.GetProperty("status").GetString(), review.GetProperty("message").GetString()).ShouldBe(("changes_requested", "no changes on the branch"));
            review.GetProperty("mergeCommit").ValueKind.ShouldBe(JsonValueKind.Null);
            review.GetProperty("feedback").GetString()!.ShouldStartWith("No changes on your branch");
        }
        (await Origin.LogAsync()).ShouldBe(mainBefore); // Nothing was merged or pushed to main.
        var events = (await Api.EventsAsync(RigId, sling.Bead.Id)).Select(e => e.Type).ToList();
        events.Count(type => type == "review_submitted").ShouldBe(2);
        events.Count(type => type == "changes_requested").ShouldBe(2);
        events.ShouldNotContain("merged");
        events.ShouldNotContain("closed");
    }

    [Fact]
    public async Task Done_with_no_changes_closes_the_bead_without_changes_and_merges_nothing()
    {
        // The demo polecat, told 'work: not needed', calls gt_done {noChanges: true, summary}.
        var mainBefore = await Origin.LogAsync();
        var sling = await Api.SlingAsync(RigId, "Check the greeting", "work: not needed");

        var closed = await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");

        closed.Metadata["resolution"].ShouldBe("closed_without_changes");
        closed.Metadata["no_changes_summary"].ShouldContain("no work is needed");
        var events = await Api.EventsAsync(RigId, sling.Bead.Id);
        events.Select(e => e.Type).ShouldContain("closed_without_changes");
        events.Select(e => e.Type).ShouldNotContain("merged");
        events.Select(e => e.Type).ShouldNotContain("review_submitted");
        events.Single(e => e.Type == "closed_without_changes").AgentId.ShouldBe(sling.Agent!.Id);
        (await ReviewsAsync()).ShouldBeEmpty();
        (await Origin.LogAsync()).ShouldBe(mainBefore);
    }

    [Fact]
    public async Task Approve_mode_waits_shows_the_diff_and_a_rejection_then_an_approval_merges()
    {
        await ConfigureAsync(new { gates = new[] { new[] { "git", "--version" } }, mode = "approve" });
        var mainBefore = await Origin.LogAsync();
        var sling = await Api.SlingAsync(RigId, "Add a page", "file: docs/page.md");

        var waiting = await WaitForReviewAsync("awaiting_approval", count: 1);
        (await Origin.LogAsync()).ShouldBe(mainBefore); // Gated, not pushed.

        var details = await GetJsonAsync($"api/rigs/{RigId}/reviews/{waiting.GetProperty("id").GetGuid()}");
        var file = details.GetProperty("diff").GetProperty("files").EnumerateArray().Single();
        file.GetProperty("path").GetString().ShouldBe("docs/page.md");
        file.GetProperty("additions").GetInt32().ShouldBeGreaterThan(0);
        file.GetProperty("hunks").EnumerateArray().First().GetProperty("lines").EnumerateArray()
            .Select(line => line.GetString()).ShouldContain("+# Add a page");
        details.GetProperty("review").GetProperty("summary").GetString()!.ShouldContain("docs/page.md");
        details.GetProperty("review").GetProperty("gates").EnumerateArray().Single().GetProperty("passed").GetBoolean().ShouldBeTrue();

        // Reject: back to the polecat with the words; it answers on the same branch and waits again.
        using (var rejected = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/reviews/{waiting.GetProperty("id").GetGuid()}/reject",
                   new { feedback = "Please add a table of contents." }))
            rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await WaitForReviewAsync("awaiting_approval", count: 1, exclude: waiting.GetProperty("id").GetGuid());
        var secondDiff = await GetJsonAsync($"api/rigs/{RigId}/reviews/{second.GetProperty("id").GetGuid()}");
        secondDiff.GetProperty("reviewRounds").GetInt32().ShouldBe(1);
        secondDiff.GetProperty("diff").GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString())
            .ShouldBe(["REVIEW.md", "docs/page.md"], ignoreOrder: true);

        using (var approved = await Api.Http.PostAsync($"api/rigs/{RigId}/reviews/{second.GetProperty("id").GetGuid()}/approve", null))
            approved.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");
        (await Origin.ShowFileAsync("REVIEW.md")).ShouldContain("Please add a table of contents.");
        (await Origin.ShowFileAsync("docs/page.md")).ShouldContain("Add a page");

        // Approving twice is a conflict, a foreign or unknown review a 404.
        using (var again = await Api.Http.PostAsync($"api/rigs/{RigId}/reviews/{second.GetProperty("id").GetGuid()}/approve", null))
            again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        using (var unknown = await Api.Http.GetAsync($"api/rigs/{RigId}/reviews/{Guid.NewGuid()}"))
            unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using (var empty = await Api.Http.PostAsJsonAsync($"api/rigs/{RigId}/reviews/{second.GetProperty("id").GetGuid()}/reject", new { feedback = "" }))
            empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_approval_after_the_default_branch_moved_runs_the_gates_again_on_the_new_base()
    {
        await ConfigureAsync(new { gates = new[] { new[] { "test", "-e", "README.md" } }, mode = "approve" });
        await Api.SlingAsync(RigId, "Add a note", "file: note.md");
        var waiting = await WaitForReviewAsync("awaiting_approval", count: 1);
        var gatedOn = waiting.GetProperty("baseCommit").GetString();

        var moved = await PushToMainAsync("other.md", "moved\n");
        moved.ShouldNotBe(gatedOn);
        using (var approved = await Api.Http.PostAsync($"api/rigs/{RigId}/reviews/{waiting.GetProperty("id").GetGuid()}/approve", null))
            approved.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var merged = await WaitForReviewAsync("merged", count: 1);
        merged.GetProperty("baseCommit").GetString().ShouldBe(moved); // The gates ran again, on the moved main.
        (await BareRepository.GitAsync(Origin.Path, "log", "-1", "--format=%P", "main")).ShouldStartWith(moved);
        (await Origin.ShowFileAsync("other.md")).ShouldContain("moved");
    }

    private async Task ConfigureAsync(object review)
    {
        using var response = await Api.Http.PatchAsJsonAsync($"api/rigs/{RigId}", new { review });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static string BranchOf(SlingView sling) => $"gt/{sling.Agent!.Name.ToLowerInvariant()}/{sling.Bead.Id.ToString("N")[..8]}";

    private async Task<List<JsonElement>> ReviewsAsync() =>
        [.. (await GetJsonAsync($"api/rigs/{RigId}/reviews")).EnumerateArray()];

    private Task<JsonElement> WaitForReviewAsync(string status, int count, Guid? exclude = null) =>
        Eventually.MatchAsync(async () => (await ReviewsAsync()).Where(r => r.GetProperty("status").GetString() == status
                                                                           && r.GetProperty("id").GetGuid() != exclude).ToList(),
            matching => matching.Count == count, $"{count} review(s) {status}", TimeSpan.FromSeconds(90)).ContinueWith(t => t.Result[0]);

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Api.Http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Someone else pushes to main (from the seed clone next to the origin); answers the new main.</summary>
    private async Task<string> PushToMainAsync(string file, string content)
    {
        var seed = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Origin.Path)!, "seed");
        await BareRepository.GitAsync(seed, "pull", "--quiet", "--no-rebase", Origin.Path, "main");
        await File.WriteAllTextAsync(System.IO.Path.Combine(seed, file), content);
        await BareRepository.GitAsync(seed, "add", "-A");
        await BareRepository.GitAsync(seed, "-c", "user.name=other", "-c", "user.email=other@example.com", "commit", "--quiet", "-m", $"Add {file}");
        await BareRepository.GitAsync(seed, "push", "--quiet", Origin.Path, "HEAD:refs/heads/main");
        return (await BareRepository.GitAsync(Origin.Path, "rev-parse", "main")).Trim();
    }
}
