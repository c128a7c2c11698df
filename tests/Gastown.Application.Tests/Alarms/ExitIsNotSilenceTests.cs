using Gastown.Application.Common.Ports;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.Alarms;

/// <summary>A clean exit that left work on the branch (committed or not) is done; the patrol queues its review.</summary>
public abstract class CleanExitWithWorkTests(TestStorage storage) : AgentProcessTickTest(new Dictionary<string, string?>
{
    ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
}, storage)
{
    [Fact]
    public async Task Its_uncommitted_work_is_committed_and_merged_with_a_completed_without_done_event()
    {
        var polecat = await DispatchedPolecatAsync();
        Container.LeaveWork(WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id)); // uncommitted: the container commits it
        Container.Exit(polecat.Agent.Id, exitCode: 0);

        var report = await App.TickAsync(polecat.Rig.Id);

        report.Restarted.ShouldBe(0);
        report.Merged.ShouldBe(1, "patrol queues the review, the same tick's review phase merges it");
        var agent = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.HookedBeadId.ShouldBeNull();
        agent.RestartCount.ShouldBe(0);
        (await App.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).Status.ShouldBe(BeadStatus.Closed);
        var events = (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain(BeadEventType.CompletedWithoutDone);
        events.ShouldNotContain(BeadEventType.AgentExited);
        events.IndexOf(BeadEventType.CompletedWithoutDone).ShouldBeLessThan(events.IndexOf(BeadEventType.ReviewSubmitted));
        var review = (await App.ReadLedgerAsync(polecat.Rig.Id, ledger => ledger.Reviews.ListAsync(null, AppHarness.Ct))).Single();
        review.Status.ShouldBe(ReviewStatus.Merged);
        review.Summary.ShouldNotBeNull().ShouldContain("without calling done");
    }
}

/// <summary>A clean exit that changed nothing, or a crash whatever it changed, is a failed run: restarted as before.</summary>
public abstract class CleanExitWithoutWorkTests(TestStorage storage) : AgentProcessTickTest(new Dictionary<string, string?>
{
    ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
}, storage)
{
    [Fact]
    public async Task Is_a_failed_run_and_counts_a_restart()
    {
        var polecat = await DispatchedPolecatAsync();
        Container.Exit(polecat.Agent.Id, exitCode: 0);

        var report = await App.TickAsync(polecat.Rig.Id);

        report.Restarted.ShouldBe(1);
        report.Merged.ShouldBe(0);
        var agent = await App.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.HookedBeadId.ShouldBe(polecat.Bead.Id);
        agent.RestartCount.ShouldBe(1);
        var events = (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain(BeadEventType.AgentExited);
        events.ShouldNotContain(BeadEventType.CompletedWithoutDone);
    }
}

public abstract class CrashWithWorkTests(TestStorage storage) : AgentProcessTickTest(new Dictionary<string, string?>
{
    ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
}, storage)
{
    [Fact]
    public async Task Is_a_failed_run_even_with_changes_left_behind()
    {
        var polecat = await DispatchedPolecatAsync();
        Container.LeaveWork(WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id), committed: true);
        Container.Exit(polecat.Agent.Id, exitCode: 1);

        var report = await App.TickAsync(polecat.Rig.Id);

        report.Restarted.ShouldBe(1);
        report.Merged.ShouldBe(0);
        (await App.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ShouldNotContain(BeadEventType.CompletedWithoutDone);
    }
}

public sealed class SqliteCleanExitWithWorkTests() : CleanExitWithWorkTests(TestStorage.Sqlite);

public sealed class PostgresCleanExitWithWorkTests(PostgresFixture postgres) : CleanExitWithWorkTests(TestStorage.Postgres(postgres));

public sealed class SqliteCleanExitWithoutWorkTests() : CleanExitWithoutWorkTests(TestStorage.Sqlite);

public sealed class PostgresCleanExitWithoutWorkTests(PostgresFixture postgres) : CleanExitWithoutWorkTests(TestStorage.Postgres(postgres));

public sealed class SqliteCrashWithWorkTests() : CrashWithWorkTests(TestStorage.Sqlite);

public sealed class PostgresCrashWithWorkTests(PostgresFixture postgres) : CrashWithWorkTests(TestStorage.Postgres(postgres));
