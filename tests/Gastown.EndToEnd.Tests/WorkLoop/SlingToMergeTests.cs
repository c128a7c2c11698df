using Gastown.EndToEnd.Tests.Support;
using Shouldly;

namespace Gastown.EndToEnd.Tests.WorkLoop;

/// <summary>The heart of Gastown, for real: sling → the demo polecat works in its worktree → done → merged.</summary>
public class SlingToMergeTests : ServerTest
{
    [Fact]
    public async Task A_slung_bead_is_worked_merged_into_the_default_branch_and_closed()
    {
        var sling = await Api.SlingAsync(RigId, "Add a greeting", "Say hello to the town.");

        sling.Queued.ShouldBeFalse();
        sling.Bead.Status.ShouldBe("in_progress");
        sling.Agent!.Role.ShouldBe("polecat");
        sling.Agent.Identity.ShouldBe($"web/polecats/{sling.Agent.Name}");

        await Api.BeadReachesAsync(RigId, sling.Bead.Id, "closed");

        var log = await Origin.LogAsync();
        log[0].ShouldBe($"Merge gt/{sling.Agent.Name.ToLowerInvariant()}/{sling.Bead.Id.ToString("N")[..8]}: Add a greeting");
        log.ShouldContain("Add a greeting");
        (await Origin.ShowFileAsync($"beads/{sling.Bead.Id.ToString("N")[..8]}.md")).ShouldContain("Add a greeting");

        var events = (await Api.EventsAsync(RigId, sling.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldBe(["created", "assigned", "hooked", "status_changed", "dispatched", "review_submitted", "unhooked", "merged", "status_changed", "closed"]);

        var agent = (await Api.AgentsAsync(RigId)).Single();
        agent.Status.ShouldBe("idle");
        agent.HookedBeadId.ShouldBeNull();
    }

    [Fact]
    public async Task Two_slings_that_touch_the_same_file_merge_once_and_escalate_the_conflict()
    {
        var first = await Api.SlingAsync(RigId, "Write the shared file", "file: shared.txt");
        var second = await Api.SlingAsync(RigId, "Write the shared file differently", "file: shared.txt");
        second.Agent.ShouldNotBeNull();
        second.Agent.Id.ShouldNotBe(first.Agent!.Id);

        // Both branch off the same main; whichever merges second conflicts.
        var beads = await Eventually.MatchAsync(() => Api.BeadsAsync(RigId),
            all => all.Count(b => b.Type == "escalation") == 1 && all.Count(b => b.Type == "issue" && b.Status == "closed") == 1,
            "one merge and one escalated conflict");

        var escalation = beads.Single(b => b.Type == "escalation");
        escalation.Priority.ShouldBe("high");
        escalation.Title.ShouldStartWith("Merge conflict: gt/");
        var conflicted = beads.Single(b => b.Type == "issue" && b.Status != "closed");
        conflicted.Status.ShouldBe("open");
        conflicted.AssigneeAgentId.ShouldBeNull();
        conflicted.EscalatedAt.ShouldNotBeNull();
        escalation.Metadata["bead_id"].ShouldBe(conflicted.Id.ToString());

        var events = (await Api.EventsAsync(RigId, conflicted.Id)).Select(e => e.Type).ToList();
        events.ShouldContain("merge_failed");
        events.ShouldContain("escalated");

        // The failed branch is kept (nothing is deleted before a merge is confirmed), and main has one merge.
        (await Origin.LogAsync()).Count(subject => subject.StartsWith("Merge ", StringComparison.Ordinal)).ShouldBe(1);
        var conflictedBranch = $"gt/{(await Api.AgentsAsync(RigId)).Single(a => a.Id == (conflicted.Id == first.Bead.Id ? first.Agent.Id : second.Agent.Id)).Name.ToLowerInvariant()}/{conflicted.Id.ToString("N")[..8]}";
        (await Origin.LogAsync(conflictedBranch)).ShouldNotBeEmpty();

        // The metrics: two merges of this rig, one merged and one refused for its conflict.
        var scrape = await ScrapeAsync();
        var rig = ("rig", RigId.ToString());
        scrape.Sum("gastown_merge_duration_seconds_count", rig, ("outcome", "merged")).ShouldBe(1);
        scrape.Sum("gastown_merge_duration_seconds_count", rig, ("outcome", "conflict")).ShouldBe(1);
        scrape.Sum("gastown_merge_conflicts_total", rig).ShouldBe(1);

        // An escalated bead waits for a person: it is not dispatched again.
        var attempts = conflicted.DispatchAttempts;
        await Task.Yield();
        (await Api.BeadAsync(RigId, conflicted.Id)).DispatchAttempts.ShouldBe(attempts);
    }
}

/// <summary>The same tests on a server configured with Gastown__Storage__Provider=postgres.</summary>
public sealed class PostgresSlingToMergeTests(PostgresFixture postgres) : SlingToMergeTests
{
    protected override TestStorage Storage => TestStorage.Postgres(postgres);
}
