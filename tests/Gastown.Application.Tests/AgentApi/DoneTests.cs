using Gastown.Application.Reviews;
using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.AgentApi;

public abstract class DoneTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?> { ["Gastown:Alarm:ActiveInterval"] = "00:01:00" }, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Queues_a_review_entry_unhooks_the_agent_and_arms_the_alarm()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        // The alarm has dispatched it (generation 1) and re-armed a minute away.
        var tick = await _app.TickAsync(polecat.Rig.Id);
        tick.NextAlarm.ShouldNotBeNull().ShouldBeGreaterThan(_app.Clock.GetUtcNow().AddSeconds(30));
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(polecat.Session(generation: 1), new DoneCommand(polecat.Agent.Id, null, "Fixed it."));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var entry = result.Value;
        entry.AgentId.ShouldBe(polecat.Agent.Id);
        entry.BeadId.ShouldBe(polecat.Bead.Id);
        entry.Branch.ShouldBe(WorkBranch.For("Toast", polecat.Bead.Id));
        entry.Summary.ShouldBe("Fixed it.");
        entry.Status.ShouldBe(ReviewStatus.Pending.ToText());

        var (reviews, agent, bead, events, alarm) = await _app.ReadLedgerAsync(polecat.Rig.Id, async ledger => (
            await ledger.Reviews.ListAsync(null, AppHarness.Ct),
            await ledger.Agents.GetAsync(polecat.Agent.Id, AppHarness.Ct),
            await ledger.Beads.GetAsync(polecat.Bead.Id, AppHarness.Ct),
            await ledger.Beads.ListEventsAsync(polecat.Bead.Id, AppHarness.Ct),
            await ledger.Alarm.GetAsync(AppHarness.Ct)));
        ReviewResponse.From(reviews.ShouldHaveSingleItem()).ShouldBe(entry);
        agent.ShouldNotBeNull().HookedBeadId.ShouldBeNull();
        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.LastActivityAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before);
        // The bead stays in progress (and assigned) until its merge lands.
        bead.ShouldNotBeNull().Status.ShouldBe(BeadStatus.InProgress);
        bead.AssigneeAgentId.ShouldBe(polecat.Agent.Id);
        events.Select(e => e.Type).TakeLast(2).ShouldBe([BeadEventType.ReviewSubmitted, BeadEventType.Unhooked]);
        events[^2].NewValue.ShouldBe(entry.Branch);
        events[^1].OldValue.ShouldBe(polecat.Agent.Identity);
        events.TakeLast(2).ShouldAllBe(e => e.AgentId == polecat.Agent.Id);
        alarm.ShouldNotBeNull().ShouldBeInRange(before.AddSeconds(-1), _app.Clock.GetUtcNow().AddSeconds(1));
        // After the commit, its process is told to stop.
        _app.Container.Stops.ShouldBe([polecat.Agent.Id]);
    }

    [Fact]
    public async Task Keeps_the_branch_the_agent_names()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var entry = (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, "feature/login-fix", null))).Value;

        entry.Branch.ShouldBe("feature/login-fix");
        entry.Summary.ShouldBeNull();
    }

    [Fact]
    public async Task The_alarm_tick_after_done_sees_a_pending_review()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null));

        var activity = await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.GetActivityAsync(AppHarness.Ct));

        activity.PendingReviews.ShouldBe(1);
        activity.HookedIdleAgents.ShouldBe(0);
    }

    [Fact]
    public async Task Done_twice_is_a_conflict_and_queues_one_entry()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).ShouldSucceed();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
        (await _app.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Done_with_nothing_hooked_is_a_conflict()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id))).ShouldSucceed();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, null))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Theory]
    [InlineData("bad..branch")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Refuses_a_branch_git_would_not_take(string branch)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, branch, null))).ShouldBeInvalidOn("branch");

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Refuses_a_summary_too_long()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, new string('s', DoneCommand.MaxSummaryLength + 1))))
            .ShouldBeInvalidOn("summary");
        (await _app.SendAsync(polecat.Session(), new DoneCommand(polecat.Agent.Id, null, new string('s', DoneCommand.MaxSummaryLength))))
            .ShouldSucceed();
    }
}

public sealed class SqliteDoneTests() : DoneTests(TestStorage.Sqlite);

public sealed class PostgresDoneTests(PostgresFixture postgres) : DoneTests(TestStorage.Postgres(postgres));
