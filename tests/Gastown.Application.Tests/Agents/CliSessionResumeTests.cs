using Ardalis.Result;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.Agents.ResetAgent;
using Gastown.Application.Common.Ports;
using Gastown.Application.Dispatch;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Reviews;

namespace Gastown.Application.Tests.Agents;

/// <summary>
/// When a polecat's run continues its CLI session (decision 0027): the session kept on the agent in the ledger (as the
/// container keeps it when the CLI names it) is handed to the next run of the same agent on the same bead and branch —
/// after a crash or a server restart, a rate-limit pause, a review round — and never to a run on another bead, nor after a reset.
/// </summary>
public abstract class CliSessionResumeTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Sling, one tick: the first run, which is never a resume.</summary>
    private async Task<(SlungPolecat Polecat, AgentLaunch Launch)> FirstRunAsync(string title = "Add a greeting")
    {
        var polecat = await _app.SlingToNewPolecatAsync(title);
        (await _app.TickAsync(polecat.Rig.Id)).Dispatched.ShouldBe(1);
        var launch = _app.Container.Launches.Last(l => l.AgentId == polecat.Agent.Id);
        (launch.BeadId, launch.ResumeSessionId).ShouldBe((polecat.Bead.Id, (string?)null));
        return (polecat, launch);
    }

    /// <summary>What the container does when the run's CLI names its session.</summary>
    private Task KeepSessionAsync(AgentLaunch launch, string sessionId) =>
        _app.WriteLedgerAsync(launch.StoreId, async ledger =>
        {
            var agent = (await ledger.Agents.GetAsync(launch.AgentId, AppHarness.Ct)).ShouldNotBeNull();
            await ledger.SaveAsync(agent.KeepCliSession(launch.Generation, launch.BeadId!.Value,
                new CliSession(sessionId, launch.BeadId.Value, launch.Branch!), _app.Clock.GetUtcNow()), AppHarness.Ct);
        });

    /// <summary>Ticks (waiting out any back-off) until the agent is started once more; its new launch.</summary>
    private async Task<AgentLaunch> NextRunAsync(SlungPolecat polecat, int runsBefore)
    {
        for (var tick = 0; tick < 10 && _app.Container.Launches.Count(l => l.AgentId == polecat.Agent.Id) == runsBefore; tick++)
        {
            await _app.TickAsync(polecat.Rig.Id);
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        return _app.Container.Launches.Where(l => l.AgentId == polecat.Agent.Id).Skip(runsBefore).ShouldHaveSingleItem();
    }

    /// <summary>The first run calls gt_done and ends: its branch joins the review queue.</summary>
    private async Task DoneAsync(SlungPolecat polecat)
    {
        (await _app.SendAsync(polecat.Session(1), new DoneCommand(polecat.Agent.Id, null, "Added a greeting."))).ShouldSucceed();
        _app.Container.Exit(polecat.Agent.Id, exitCode: 0);
    }

    [Fact]
    public async Task The_session_is_kept_on_the_agent_in_the_ledger_with_its_bead_and_branch()
    {
        var (polecat, launch) = await FirstRunAsync();

        await KeepSessionAsync(launch, "session-1");

        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.CliSession.ShouldBe(new CliSession("session-1", polecat.Bead.Id, WorkBranch.For(polecat.Agent.Name, polecat.Bead.Id)));
    }

    [Fact]
    public async Task A_run_after_a_crash_on_the_same_bead_and_branch_continues_the_session()
    {
        var (polecat, launch) = await FirstRunAsync();
        await KeepSessionAsync(launch, "session-1");
        _app.Container.Exit(polecat.Agent.Id, exitCode: 137);

        var next = await NextRunAsync(polecat, 1);

        next.Generation.ShouldBeGreaterThan(launch.Generation);
        (next.BeadId, next.Branch, next.ResumeSessionId).ShouldBe((launch.BeadId, launch.Branch, "session-1"));
    }

    [Fact]
    public async Task A_run_after_a_rate_limit_pause_continues_the_session()
    {
        var (polecat, launch) = await FirstRunAsync();
        await KeepSessionAsync(launch, "session-1");
        _app.Container.RateLimit(polecat.Agent.Id, new AgentRateLimit(RetryAfter: TimeSpan.FromMinutes(2)));
        await _app.TickAsync(polecat.Rig.Id);
        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).RateLimitedUntil.ShouldNotBeNull();
        _app.Clock.Advance(TimeSpan.FromMinutes(3));

        var next = await NextRunAsync(polecat, 1);

        (next.BeadId, next.Branch, next.ResumeSessionId).ShouldBe((launch.BeadId, launch.Branch, "session-1"));
    }

    [Fact]
    public async Task A_review_round_continues_the_session_on_the_same_branch()
    {
        var (polecat, launch) = await FirstRunAsync();
        await KeepSessionAsync(launch, "session-1");
        await DoneAsync(polecat);
        _app.Container.QueueMerge(Result.Success(new MergeOutcome(null, "base1",
            [new GateResult(["dotnet", "test"], false, 1, false, "Failed: GreetingTests.Says_hello", 2.5)])));

        var next = await NextRunAsync(polecat, 1);

        (next.BeadId, next.Branch, next.ResumeSessionId).ShouldBe((launch.BeadId, launch.Branch, "session-1"));
    }

    [Fact]
    public async Task A_run_on_a_new_bead_starts_a_fresh_session()
    {
        var (polecat, launch) = await FirstRunAsync();
        await KeepSessionAsync(launch, "session-1");
        await DoneAsync(polecat);
        await _app.TickAsync(polecat.Rig.Id);
        (await _app.GetBeadAsync(polecat.Rig.Id, polecat.Bead.Id)).Status.ShouldBe(Domain.Beads.BeadStatus.Closed);

        var second = await _app.SlingAsync(polecat.Owner, polecat.Town, polecat.Rig, "Add a farewell");
        second.Agent.Id.ShouldBe(polecat.Agent.Id, "the same polecat, free again, takes the new bead");
        var next = await NextRunAsync(polecat, 1);

        (next.BeadId, next.ResumeSessionId).ShouldBe((second.Bead.Id, (string?)null));
    }

    [Fact]
    public async Task Reset_drops_the_session_and_the_next_run_starts_afresh()
    {
        var (polecat, launch) = await FirstRunAsync();
        await KeepSessionAsync(launch, "session-1");

        (await _app.SendAsync(polecat.Owner, new ResetAgentCommand(polecat.Rig.Id, polecat.Agent.Id))).ShouldSucceed();

        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).CliSession.ShouldBeNull();
        var next = await NextRunAsync(polecat, 1);
        (next.BeadId, next.ResumeSessionId).ShouldBe((polecat.Bead.Id, (string?)null));
    }

    [Fact]
    public async Task A_late_report_of_an_older_run_keeps_nothing()
    {
        var (polecat, launch) = await FirstRunAsync();
        _app.Container.Exit(polecat.Agent.Id, exitCode: 1);
        var next = await NextRunAsync(polecat, 1);

        await KeepSessionAsync(launch, "stale-session");

        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).CliSession.ShouldBeNull();
        next.ResumeSessionId.ShouldBeNull();
    }
}

public sealed class SqliteCliSessionResumeTests() : CliSessionResumeTests(TestStorage.Sqlite);

public sealed class PostgresCliSessionResumeTests(PostgresFixture postgres) : CliSessionResumeTests(TestStorage.Postgres(postgres));
