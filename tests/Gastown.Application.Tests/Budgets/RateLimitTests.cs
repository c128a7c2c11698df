using Gastown.Application.Common.Ports;
using Gastown.Application.Rigs.GetAlarmStatus;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Budgets;

/// <summary>
/// A run refused by the model endpoint for rate or quota is not a crash: no restart and no dispatch attempt counted,
/// the town's polecats wait until the provider's reset (else a doubling back-off), then the same bead is dispatched
/// again on the same branch. The fake clock is the provider's reset.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:RateLimitBackoff"] = "00:00:30",
        ["Gastown:Alarm:RateLimitBackoffMax"] = "00:01:30",
        ["Gastown:Alarm:MaxRestarts"] = "1",
        ["Gastown:Alarm:MaxDispatchAttempts"] = "2",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_rate_limited_exit_is_no_restart_nor_attempt_the_town_waits_for_the_reset_then_the_same_bead_resumes()
    {
        var slung = await _app.SlingToNewPolecatAsync();
        (await _app.TickAsync(slung.Rig.Id)).Dispatched.ShouldBe(1);
        await _app.WriteLedgerAsync(slung.Rig.Id, async ledger =>
            await ledger.Agents.UpdateAsync((await ledger.Agents.GetAsync(slung.Agent.Id, AppHarness.Ct))!.SaveCheckpoint("step 2 of 3", _app.Clock.GetUtcNow()).State, AppHarness.Ct));

        _app.Container.RateLimit(slung.Agent.Id, new AgentRateLimit(RetryAfter: TimeSpan.FromMinutes(2)));
        var limitedAt = _app.Clock.GetUtcNow();
        var report = await _app.TickAsync(slung.Rig.Id);

        (report.Restarted, report.Stalled, report.Dispatched, report.DispatchFailed).ShouldBe((0, 0, 0, 0));
        var agent = await _app.GetAgentAsync(slung.Rig.Id, slung.Agent.Id);
        (agent.Status, agent.HookedBeadId, agent.RestartCount).ShouldBe((AgentStatus.Idle, (Guid?)slung.Bead.Id, 0));
        var until = agent.RateLimitedUntil.ShouldNotBeNull();
        until.ShouldBeInRange(limitedAt + TimeSpan.FromMinutes(2), _app.Clock.GetUtcNow() + TimeSpan.FromMinutes(2));
        agent.PausedReason.ShouldBe(Agent.RateLimitReason(until));
        agent.PausedReason.ShouldStartWith("rate_limited until ");
        var bead = await _app.GetBeadAsync(slung.Rig.Id, slung.Bead.Id);
        (bead.Status, bead.DispatchAttempts, bead.RateLimitedUntil, bead.EscalatedAt).ShouldBe((BeadStatus.InProgress, 0, (DateTimeOffset?)until, (DateTimeOffset?)null));
        var events = (await _app.GetEventsAsync(slung.Rig.Id, slung.Bead.Id)).Select(e => e.Type).ToList();
        events.ShouldContain(BeadEventType.RateLimited);
        events.ShouldNotContain(BeadEventType.AgentExited);

        var status = await _app.SendAsync(slung.Owner, new GetAlarmStatusQuery(slung.Rig.Id));
        status.Value.Paused.ShouldBe(Agent.RateLimitReason(until));
        status.Value.RateLimitedUntil.ShouldBe(until);

        // The town waits: another bead of the town is not dispatched either.
        var other = await _app.SlingAsync(slung.Owner, slung.Town, slung.Rig, "Another");
        (await _app.TickAsync(slung.Rig.Id)).Dispatched.ShouldBe(0);
        (await _app.GetBeadAsync(slung.Rig.Id, other.Bead.Id)).RateLimitedUntil.ShouldBe(until);
        _app.Container.Launches.Count.ShouldBe(1);

        // The reset: the same bead is dispatched again, to the same agent and branch, with its checkpoint.
        _app.Clock.Advance(until - _app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        (await _app.TickAsync(slung.Rig.Id)).Dispatched.ShouldBe(2);
        var resumed = _app.Container.Launches.Single(launch => launch.AgentId == slung.Agent.Id && launch.Generation == 2);
        resumed.Branch.ShouldBe(_app.Container.Launches[0].Branch);
        resumed.Prompt.ShouldContain("step 2 of 3");
        var after = await _app.GetBeadAsync(slung.Rig.Id, slung.Bead.Id);
        (after.DispatchAttempts, after.RateLimitedUntil, after.PausedReason).ShouldBe((1, (DateTimeOffset?)null, (string?)null));
        (await _app.GetAgentAsync(slung.Rig.Id, slung.Agent.Id)).RateLimitedUntil.ShouldBeNull();
    }

    [Fact]
    public async Task Refusals_in_a_row_never_stall_the_agent_and_wait_longer_each_time_up_to_the_cap()
    {
        var slung = await _app.SlingToNewPolecatAsync();
        var waits = new List<TimeSpan>();
        for (var refusal = 0; refusal < 4; refusal++)
        {
            (await _app.TickAsync(slung.Rig.Id)).Dispatched.ShouldBe(1);
            _app.Container.RateLimit(slung.Agent.Id, new AgentRateLimit());
            var at = _app.Clock.GetUtcNow();
            await _app.TickAsync(slung.Rig.Id);
            var until = (await _app.GetAgentAsync(slung.Rig.Id, slung.Agent.Id)).RateLimitedUntil.ShouldNotBeNull();
            waits.Add(until - at);
            _app.Clock.Advance(until - _app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        }

        // 30 s, 60 s, then the 90 s cap (the tick's own clock readings add a few milliseconds).
        waits.Select(wait => (int)Math.Round(wait.TotalSeconds)).ShouldBe([30, 60, 90, 90]);
        var agent = await _app.GetAgentAsync(slung.Rig.Id, slung.Agent.Id);
        (agent.Status, agent.RestartCount).ShouldBe((AgentStatus.Idle, 0));
        var bead = await _app.GetBeadAsync(slung.Rig.Id, slung.Bead.Id);
        // Four refused runs with MaxDispatchAttempts 2 and MaxRestarts 1: still not given up.
        (bead.EscalatedAt, bead.DispatchAttempts).ShouldBe(((DateTimeOffset?)null, 0));
        (await _app.TickAsync(slung.Rig.Id)).Dispatched.ShouldBe(1);
    }

    [Fact]
    public async Task A_crash_is_still_a_restart()
    {
        var slung = await _app.SlingToNewPolecatAsync();
        await _app.TickAsync(slung.Rig.Id);
        _app.Container.Exit(slung.Agent.Id, 1);
        (await _app.TickAsync(slung.Rig.Id)).Restarted.ShouldBe(1);
        var agent = await _app.GetAgentAsync(slung.Rig.Id, slung.Agent.Id);
        (agent.RestartCount, agent.RateLimitedUntil).ShouldBe((1, (DateTimeOffset?)null));
    }
}
