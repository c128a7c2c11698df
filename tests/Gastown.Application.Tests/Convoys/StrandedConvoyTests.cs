using Gastown.Application.AgentApi.Done;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Convoys;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Convoys.ListConvoys;
using Gastown.Application.Convoys.StartConvoy;
using Gastown.Application.Dispatch;
using Gastown.Application.Rigs;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.UpdateTownConfig;
using Gastown.Domain.Agents;
using Gastown.Domain.Rigs;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Convoys;

/// <summary>
/// Stranded convoys (issue 23, decision 0025) on the fake clock: a running convoy with ready work and nothing running
/// for longer than the dispatch policy allows (the first retry back-off plus one active interval: 10 s here) shows
/// <c>stranded</c> with the reason the tick cannot dispatch (cap reached, budget paused, rate limited, rig unreachable,
/// failing starts), in its detail and in the listing; its stored status stays what it was. Running or reviewed work,
/// a staged convoy, or a wait shorter than the threshold is not stranded.
/// </summary>
public sealed class StrandedConvoyTests : IAsyncLifetime
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);

    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:ActiveInterval"] = "00:00:05",
        ["Gastown:Alarm:DispatchBackoff:0"] = "00:00:05",
        ["Gastown:Alarm:DispatchBackoff:1"] = "00:01:00",
    });

    private TownMayor _town = null!;
    private RigResponse _rig = null!;

    public async ValueTask InitializeAsync()
    {
        _town = await _app.CreateTownWithMayorAsync();
        _rig = await _app.CreateRigAsync(_town.Owner, _town.Town.Id, "api");
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Actor Owner => _town.Owner;

    private async Task<ConvoyDetailResponse> CreateAsync(bool staged = false, params ConvoyTask[] tasks)
    {
        var created = await _app.SendAsync(Owner, new CreateConvoyCommand(_town.Town.Id, "Feature",
            tasks.Length > 0 ? tasks : [new ConvoyTask("api", "Only task")], Staged: staged));
        created.ShouldSucceed();
        return created.Value;
    }

    private async Task<ConvoyDetailResponse> GetAsync(Guid convoyId)
    {
        var got = await _app.SendAsync(Owner, new GetConvoyQuery(_town.Town.Id, convoyId));
        got.ShouldSucceed();
        return got.Value;
    }

    /// <summary>The detail's and the listing's stranded, which must agree.</summary>
    private async Task<ConvoyStrandedResponse?> StrandedAsync(Guid convoyId)
    {
        var detail = await GetAsync(convoyId);
        var listed = await _app.SendAsync(Owner, new ListConvoysQuery(_town.Town.Id));
        listed.ShouldSucceed();
        listed.Value.Single(convoy => convoy.Id == convoyId).Stranded.ShouldBe(detail.Stranded);
        return detail.Stranded;
    }

    /// <summary>Waits past the threshold: the convoy is stranded with that reason; its stored status is unchanged.</summary>
    private async Task<ConvoyStrandedResponse> StrandedPastThresholdAsync(Guid convoyId, string reason)
    {
        (await StrandedAsync(convoyId)).ShouldBeNull("not before the threshold");
        _app.Clock.Advance(Threshold + TimeSpan.FromSeconds(1));
        var stranded = (await StrandedAsync(convoyId)).ShouldNotBeNull();
        stranded.Reason.ShouldBe(reason);
        stranded.Since.ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow() - Threshold);
        (await GetAsync(convoyId)).Status.ShouldBe("active");
        return stranded;
    }

    [Fact]
    public async Task Work_that_runs_or_is_in_review_or_a_staged_convoy_is_not_stranded_however_long_it_takes()
    {
        var staged = await CreateAsync(staged: true);
        var convoy = await CreateAsync(false, new ConvoyTask("api", "First"), new ConvoyTask("api", "Second", DependsOn: [0]));
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(1);

        // The first runs (the second waits for it: not ready).
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await StrandedAsync(convoy.Id)).ShouldBeNull();
        (await StrandedAsync(staged.Id)).ShouldBeNull();

        // It said done: in review, still work on the convoy.
        var first = convoy.Beads.Single(bead => bead.Title == "First").Id;
        var agent = await _app.GetAgentAsync(_rig.Id, (await _app.GetBeadAsync(_rig.Id, first)).AssigneeAgentId!.Value);
        (await _app.SendAsync(AgentPlane.SessionOf(_rig.Id, _town.Town.Id, Owner.UserId!.Value, agent.Id, agent.Generation), new DoneCommand(agent.Id, null, null)))
            .ShouldSucceed();
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await StrandedAsync(convoy.Id)).ShouldBeNull();

        // Merged: the second is ready and dispatched by the same tick's dependency phase and the next one.
        _app.Container.QueueMerge("c0ffee01");
        await _app.TickAsync(_rig.Id);
        await _app.TickAsync(_rig.Id);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await StrandedAsync(convoy.Id)).ShouldBeNull();

        // A started convoy whose work is not dispatched at all (no tick ran) says so.
        (await _app.SendAsync(Owner, new StartConvoyCommand(_town.Town.Id, staged.Id))).ShouldSucceed();
        var notDispatched = await StrandedPastThresholdAsync(staged.Id, "not_dispatched");
        notDispatched.Detail.ShouldBe("1 ready bead(s) not dispatched");
    }

    [Fact]
    public async Task The_rigs_polecat_cap_reached_by_other_work_strands_it_until_a_polecat_is_free()
    {
        (await _app.SendAsync(Owner, new UpdateTownConfigCommand(_town.Town.Id, MaxPolecatsPerRig: 1))).ShouldSucceed();
        var other = await _app.SlingAsync(Owner, _town.Town, _rig, "Other work");
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(1);

        var convoy = await CreateAsync();
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(0);
        var stranded = await StrandedPastThresholdAsync(convoy.Id, "cap_reached");
        stranded.Detail.ShouldBe("rig api has all 1 of its polecats busy with other work");

        // The other bead's polecat is done: the convoy's bead takes it and runs.
        var agent = await _app.GetAgentAsync(_rig.Id, other.Agent!.Id);
        (await _app.SendAsync(AgentPlane.SessionOf(_rig.Id, _town.Town.Id, Owner.UserId!.Value, agent.Id, agent.Generation), new DoneCommand(agent.Id, null, null)))
            .ShouldSucceed();
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(1);
        (await StrandedAsync(convoy.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task A_daily_budget_reached_strands_it_with_the_budgets_reason()
    {
        (await _app.SendAsync(Owner, new UpdateTownConfigCommand(_town.Town.Id, Budget: new BudgetPatch(UsdPerDay: 1.00m)))).ShouldSucceed();
        var spender = await _app.SlingAsync(Owner, _town.Town, _rig, "Spender");
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(1);
        var agent = await _app.GetAgentAsync(_rig.Id, spender.Agent!.Id);
        await _app.WriteLedgerAsync(_rig.Id, ledger => ledger.Usage.AddAsync(
            new AgentRunUsage(agent.Id, agent.Generation, spender.Bead.Id, new TokenUsage(1000, 200, 0, 1.25m), _app.Clock.GetUtcNow()), AppHarness.Ct));

        var convoy = await CreateAsync();
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(0);
        var stranded = await StrandedPastThresholdAsync(convoy.Id, "budget_paused");
        stranded.Detail.ShouldBe("budget usdPerDay reached (1.25 of 1.00)");
    }

    [Fact]
    public async Task A_rate_limited_town_strands_it_until_the_reset()
    {
        var until = _app.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);
        _app.Services.GetRequiredService<RateLimitPauses>().Record(_town.Town.Id, new AgentRateLimit(ResetAt: until), _app.Clock.GetUtcNow());

        var convoy = await CreateAsync();
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(0);
        var stranded = await StrandedPastThresholdAsync(convoy.Id, "rate_limited");
        stranded.Detail.ShouldBe(Agent.RateLimitReason(until));

        // The reset: the next tick dispatches it.
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await _app.TickAsync(_rig.Id)).Dispatched.ShouldBe(1);
        (await StrandedAsync(convoy.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Failing_starts_strand_it_and_an_unreachable_rig_says_so()
    {
        _app.Container.FailStarts("git clone failed: could not read from remote repository");
        var convoy = await CreateAsync();
        (await _app.TickAsync(_rig.Id)).DispatchFailed.ShouldBe(1);

        // The policy's retry (5 s later) fails too; the next waits a minute: past the threshold.
        _app.Clock.Advance(TimeSpan.FromSeconds(6));
        (await _app.TickAsync(_rig.Id)).DispatchFailed.ShouldBe(1);
        var failing = await StrandedPastThresholdAsync(convoy.Id, "dispatch_failing");
        failing.Detail.ShouldStartWith("Only task: 2 failed starts, last: ");
        failing.Detail.ShouldContain("could not read from remote repository");

        // The rig's health check found its remote unreachable: that is the reason shown.
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ITownManagement>().SetRigHealthAsync(_rig.Id,
                new RigHealth(RigHealthStatus.Unreachable, "authentication failed", _app.Clock.GetUtcNow()), AppHarness.Ct);
        var unreachable = (await StrandedAsync(convoy.Id)).ShouldNotBeNull();
        (unreachable.Reason, unreachable.Detail).ShouldBe(("rig_unreachable", "rig api is unreachable: authentication failed"));
    }
}
