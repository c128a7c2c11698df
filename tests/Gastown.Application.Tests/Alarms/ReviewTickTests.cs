using Gastown.Application.AgentApi.Done;
using Gastown.Application.Common.Ports;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.Alarms;

/// <summary>
/// The review phase: the polecat says done and the tick asks the container to merge. The harness's in-memory
/// container answers what each test queues (a commit, a conflict, a passing error); real git merges are the subject
/// of the Infrastructure (container) and EndToEnd tests.
/// </summary>
public abstract class ReviewTickTests(TestStorage storage) : IAsyncLifetime
{
    private static readonly TimeSpan IdleInterval = TimeSpan.FromMinutes(7);

    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:Alarm:MaxMergeAttempts"] = "3",
    }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A polecat that said done, and whose review entry a crash left <c>running</c> after <paramref name="attempts"/> attempts.</summary>
    private async Task<(SlungPolecat Polecat, ReviewEntry Entry)> DoneAndLeftRunningAsync(int attempts = 1, string? nodeId = null)
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        if (nodeId is not null)
        {
            // Its run was on that cluster node (recorded at dispatch): done records it with the review.
            var agent = await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Agents.GetAsync(polecat.Agent.Id, AppHarness.Ct));
            await _app.WriteLedgerAsync(polecat.Rig.Id, ledger => ledger.Agents.UpdateAsync(agent! with { NodeId = nodeId }, AppHarness.Ct));
        }

        var done = await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, "Added a greeting."));
        done.ShouldSucceed();
        var stored = await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct));
        var running = stored.Single(entry => entry.Id == done.Value.Id) with { Status = ReviewStatus.Running, Attempts = attempts, UpdatedAt = _app.Clock.GetUtcNow() };
        await _app.WriteLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.UpdateAsync(running, AppHarness.Ct));
        return (polecat, running);
    }

    private Task<ReviewEntry> GetEntryAsync(Guid rigId, Guid entryId) =>
        _app.ReadLedgerAsync(rigId, async ledger => (await ledger.Reviews.GetAsync(entryId, AppHarness.Ct)).ShouldNotBeNull());

    [Fact]
    public async Task An_entry_left_running_goes_back_to_pending_at_once_and_is_merged_in_the_same_tick()
    {
        var (polecat, entry) = await DoneAndLeftRunningAsync();
        _app.Container.QueueMerge("c0ffee1234");
        var before = _app.Clock.GetUtcNow();

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.Merged.ShouldBe(1);
        report.MergeFailed.ShouldBe(0);
        var merged = await GetEntryAsync(polecat.Rig.Id, entry.Id);
        merged.Status.ShouldBe(ReviewStatus.Merged);
        merged.Attempts.ShouldBe(2);
        merged.MergeCommit.ShouldBe("c0ffee1234");
        var request = _app.Container.MergeRequests.ShouldHaveSingleItem();
        request.Branch.ShouldBe(WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id));
        request.Repository.ShouldBe(new RepositoryRef(polecat.Rig.Id, polecat.Rig.GitUrl, polecat.Rig.DefaultBranch, TownId: polecat.Rig.TownId));
        request.CommitMessage.ShouldBe($"Merge {request.Branch}: Add a greeting");

        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        bead.Status.ShouldBe(BeadStatus.Closed);
        bead.ClosedAt.ShouldNotBeNull();
        var events = await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id);
        events.Select(e => e.Type).TakeLast(3).ShouldBe([BeadEventType.Merged, BeadEventType.StatusChanged, BeadEventType.Closed]);
        events[^3].NewValue.ShouldBe(merged.MergeCommit);
        // Nothing is left in flight: the watchdog pace.
        report.NextAlarm.ShouldNotBeNull().ShouldBeInRange(before + IdleInterval, _app.Clock.GetUtcNow() + IdleInterval * 1.1);
    }

    [Fact]
    public async Task A_passing_merge_failure_waits_for_a_later_tick()
    {
        // Done, but the branch never reached the remote: "not found" is an error worth a retry, not a conflict.
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        var rig = polecat.Rig;
        var entry = (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).Value;
        _app.Container.QueueMerge(Ardalis.Result.Result<string>.Error("The branch was not found on the remote."));
        var before = _app.Clock.GetUtcNow();

        var report = await _app.TickAsync(rig.Id);

        // One attempt per tick: back in the queue for the next one, which comes soon.
        (report.Merged, report.MergeFailed).ShouldBe((0, 0));
        var retried = await GetEntryAsync(rig.Id, entry.Id);
        retried.Status.ShouldBe(ReviewStatus.Pending);
        retried.Attempts.ShouldBe(1);
        retried.Message.ShouldNotBeNull().ShouldContain("was not found");
        (await _app.GetBeadAsync(rig.Id, polecat.Bead.Id)).Status.ShouldBe(BeadStatus.InProgress);
        report.NextAlarm.ShouldNotBeNull().ShouldBeLessThan(before + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_last_attempt_fails_the_entry_reopens_the_bead_and_escalates()
    {
        var (polecat, entry) = await DoneAndLeftRunningAsync(attempts: 2);
        _app.Container.QueueMerge(Ardalis.Result.Result<string>.Error("The branch was not found on the remote."));

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.MergeFailed.ShouldBe(1);
        var failed = await GetEntryAsync(polecat.Rig.Id, entry.Id);
        failed.Status.ShouldBe(ReviewStatus.Failed);
        failed.Attempts.ShouldBe(3);
        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        bead.Status.ShouldBe(BeadStatus.Open);
        bead.AssigneeAgentId.ShouldBeNull();
        bead.EscalatedAt.ShouldNotBeNull();
        var escalation = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct)))
            .ShouldHaveSingleItem();
        escalation.Priority.ShouldBe(BeadPriority.High);
        escalation.Metadata["bead_id"].ShouldBe(polecat.Bead.Id.ToString());
    }

    [Fact]
    public async Task A_merge_whose_node_does_not_answer_waits_without_spending_an_attempt()
    {
        // The last attempt, but the node holding the worktree did not answer: that says nothing about the branch.
        var (polecat, entry) = await DoneAndLeftRunningAsync(attempts: 2, nodeId: "node-2");
        _app.Container.QueueMerge(Ardalis.Result.Result<MergeOutcome>.Unavailable("node-2 did not answer"));

        var report = await _app.TickAsync(polecat.Rig.Id);

        (report.Merged, report.MergeFailed).ShouldBe((0, 0));
        // The merge goes to the node of the run that finished the branch (recorded at done), where its worktree is.
        entry.NodeId.ShouldBe("node-2");
        _app.Container.MergeRequests.ShouldHaveSingleItem().NodeId.ShouldBe("node-2");
        var waiting = await GetEntryAsync(polecat.Rig.Id, entry.Id);
        (waiting.Status, waiting.Attempts).ShouldBe((ReviewStatus.Pending, 2));
        waiting.Message.ShouldBe("node-2 did not answer");
        (await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).EscalatedAt.ShouldBeNull();

        // Once it answers (or is declared dead and the merge runs elsewhere) the merge goes through.
        _app.Container.QueueMerge("c0ffee1234");
        (await _app.TickAsync(polecat.Rig.Id)).Merged.ShouldBe(1);
        (await GetEntryAsync(polecat.Rig.Id, entry.Id)).Attempts.ShouldBe(3);
    }

    [Fact]
    public async Task A_branch_found_nowhere_sends_the_bead_back_to_be_done_again_without_escalating()
    {
        // Its only copy went with a dead node before it was pushed: no retry can merge it.
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        var entry = (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).Value;
        _app.Container.QueueMerge(Ardalis.Result.Result<MergeOutcome>.NotFound("branch 'gt/x/1' was not found locally or on the remote"));

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.MergeFailed.ShouldBe(1);
        (await GetEntryAsync(polecat.Rig.Id, entry.Id)).Status.ShouldBe(ReviewStatus.Failed);
        var bead = await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id);
        bead.ReviewRounds.ShouldBe(1);
        bead.EscalatedAt.ShouldBeNull();
        bead.Status.ShouldNotBe(BeadStatus.Closed);
        var events = await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id);
        events.ShouldContain(e => e.Type == BeadEventType.ChangesRequested);
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct))).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_conflict_fails_the_entry_at_once_and_escalates()
    {
        var polecat = await _app.SlingToNewPolecatAsync("Add a greeting");
        var entry = (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).Value;
        _app.Container.QueueMerge(Ardalis.Result.Result<string>.Conflict("README.md conflicts."));

        var report = await _app.TickAsync(polecat.Rig.Id);

        report.MergeFailed.ShouldBe(1);
        var failed = await GetEntryAsync(polecat.Rig.Id, entry.Id);
        (failed.Status, failed.Attempts, failed.Message).ShouldBe((ReviewStatus.Failed, 1, "README.md conflicts."));
        var events = await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id);
        events.Select(e => e.Type).TakeLast(3).ShouldBe([BeadEventType.MergeFailed, BeadEventType.StatusChanged, BeadEventType.Escalated]);
        var escalation = (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Beads.ListAsync(new(Type: BeadType.Escalation), AppHarness.Ct)))
            .ShouldHaveSingleItem();
        escalation.Title.ShouldBe($"Merge conflict: {entry.Branch}");
    }
}

public sealed class SqliteReviewTickTests() : ReviewTickTests(TestStorage.Sqlite);

public sealed class PostgresReviewTickTests(PostgresFixture postgres) : ReviewTickTests(TestStorage.Postgres(postgres));
