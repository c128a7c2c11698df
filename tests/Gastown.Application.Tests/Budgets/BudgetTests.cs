using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs;
using Gastown.Application.Rigs.GetAlarmStatus;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Application.Towns.UpdateTownConfig;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Budgets;

/// <summary>
/// Town budgets over the real stores with the fake clock: a daily budget reached pauses the town's dispatch (hooked
/// beads wait with the reason shown, the mayor is told once) until the UTC day rolls over or the budget is raised; a
/// bead over usdPerBead is stopped and escalated. Usage is what the agents' runs stored, nothing else.
/// </summary>
public sealed class BudgetTests : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?>
    {
        // Beads are dispatched at once; a re-dispatch waits (so each tick shows one step).
        ["Gastown:Alarm:DispatchBackoff:0"] = "01:00:00",
    });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<(TownMayor Town, RigResponse Rig)> TownWithBudgetAsync(BudgetPatch budget)
    {
        var town = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(town.Owner, town.Town.Id);
        var updated = await _app.SendAsync(town.Owner, new UpdateTownConfigCommand(town.Town.Id, Budget: budget));
        updated.ShouldSucceed();
        return (town, rig);
    }

    /// <summary>What the agents branch stores as a CLI reports usage for the run of <paramref name="agent"/>.</summary>
    private Task ReportUsageAsync(Guid rigId, Agent agent, Guid beadId, decimal costUsd, long outputTokens = 200) =>
        _app.WriteLedgerAsync(rigId, ledger => ledger.Usage.AddAsync(
            new AgentRunUsage(agent.Id, agent.Generation, beadId, new TokenUsage(1000, outputTokens, 0, costUsd), _app.Clock.GetUtcNow()), AppHarness.Ct));

    private async Task<IReadOnlyList<Domain.Mail.MailMessage>> MayorMailAsync(TownMayor town) =>
        await _app.ReadLedgerAsync(town.Town.Id, ledger => ledger.Mail.ListUndeliveredAsync(town.Mayor.Id, AppHarness.Ct));

    [Fact]
    public async Task A_reached_usdPerDay_pauses_the_next_bead_tells_the_mayor_once_and_the_day_rolling_over_resumes_it()
    {
        var (town, rig) = await TownWithBudgetAsync(new BudgetPatch(UsdPerDay: 1.00m));
        var first = await _app.SlingAsync(town.Owner, town.Town, rig, "First");
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);
        await ReportUsageAsync(rig.Id, await _app.GetAgentAsync(rig.Id, first.Agent.Id), first.Bead.Id, 1.25m);

        var second = await _app.SlingAsync(town.Owner, town.Town, rig, "Second");
        const string reason = "budget usdPerDay reached (1.25 of 1.00)";
        // A status query sees it first, without taking the finding (and the mayor's mail) away from the dispatch.
        (await _app.SendAsync(town.Owner, new GetAlarmStatusQuery(rig.Id))).Value.Paused.ShouldBe(reason);
        var report = await _app.TickAsync(rig.Id);

        report.Dispatched.ShouldBe(0);
        _app.Container.Launches.Count.ShouldBe(1);
        var bead = await _app.GetBeadAsync(rig.Id, second.Bead.Id);
        (bead.Status, bead.AssigneeAgentId, bead.PausedReason, bead.DispatchAttempts).ShouldBe((BeadStatus.InProgress, second.Agent.Id, reason, 0));
        var agent = await _app.GetAgentAsync(rig.Id, second.Agent.Id);
        (agent.Status, agent.HookedBeadId, agent.PausedReason).ShouldBe((AgentStatus.Idle, second.Bead.Id, reason));
        (await _app.GetEventsAsync(rig.Id, second.Bead.Id)).Count(e => e.Type == BeadEventType.DispatchPaused).ShouldBe(1);

        var status = await _app.SendAsync(town.Owner, new GetAlarmStatusQuery(rig.Id));
        status.ShouldSucceed();
        status.Value.Paused.ShouldBe(reason);
        status.Value.PendingDispatches.Single(p => p.BeadId == second.Bead.Id).PausedReason.ShouldBe(reason);

        // Told once, however many ticks find the town paused.
        await _app.TickAsync(rig.Id);
        var mail = (await MayorMailAsync(town)).Where(m => m.Subject.StartsWith("Budget reached", StringComparison.Ordinal)).ToList();
        mail.Count.ShouldBe(1);
        mail[0].Body.ShouldContain(reason);
        (await _app.GetEventsAsync(rig.Id, second.Bead.Id)).Count(e => e.Type == BeadEventType.DispatchPaused).ShouldBe(1);
        _app.Container.Launches.Count.ShouldBe(1);

        // Midnight UTC: yesterday's usage no longer counts.
        var now = _app.Clock.GetUtcNow();
        _app.Clock.Advance(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now + TimeSpan.FromSeconds(1));
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);

        _app.Container.Launches.Count.ShouldBe(2);
        _app.Container.Launches[^1].AgentId.ShouldBe(second.Agent.Id);
        (await _app.GetBeadAsync(rig.Id, second.Bead.Id)).PausedReason.ShouldBeNull();
        (await _app.GetAgentAsync(rig.Id, second.Agent.Id)).PausedReason.ShouldBeNull();
        (await _app.SendAsync(town.Owner, new GetAlarmStatusQuery(rig.Id))).Value.Paused.ShouldBeNull();
    }

    [Fact]
    public async Task Raising_the_budget_rearms_the_rig_and_the_waiting_bead_runs()
    {
        var (town, rig) = await TownWithBudgetAsync(new BudgetPatch(TokensPerDay: 1000));
        var first = await _app.SlingAsync(town.Owner, town.Town, rig, "First");
        await _app.TickAsync(rig.Id);
        await ReportUsageAsync(rig.Id, await _app.GetAgentAsync(rig.Id, first.Agent.Id), first.Bead.Id, 0.10m, outputTokens: 500);
        var second = await _app.SlingAsync(town.Owner, town.Town, rig, "Second");
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(0);
        (await _app.GetBeadAsync(rig.Id, second.Bead.Id)).PausedReason.ShouldBe("budget tokensPerDay reached (1500 of 1000)");

        // The alarm after the tick is a few seconds away; the raise arms it for now.
        var raisedAt = _app.Clock.GetUtcNow();
        var raised = await _app.SendAsync(town.Owner, new UpdateTownConfigCommand(town.Town.Id, Budget: new BudgetPatch(TokensPerDay: 100_000)));
        raised.ShouldSucceed();
        raised.Value.Budget.ShouldBe(new BudgetResponse(100_000, null, null));
        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Alarm.GetAsync(AppHarness.Ct))).ShouldNotBeNull().ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow());
        raisedAt.ShouldBeLessThanOrEqualTo(_app.Clock.GetUtcNow());

        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);
        _app.Container.Launches[^1].AgentId.ShouldBe(second.Agent.Id);
        (await _app.GetBeadAsync(rig.Id, second.Bead.Id)).PausedReason.ShouldBeNull();
    }

    [Fact]
    public async Task The_mayors_usage_and_every_rigs_count_toward_the_towns_day()
    {
        var (town, rig) = await TownWithBudgetAsync(new BudgetPatch(UsdPerDay: 1.00m));
        var otherRig = await _app.CreateRigAsync(town.Owner, town.Town.Id);
        var elsewhere = await _app.SlingAsync(town.Owner, town.Town, otherRig, "Elsewhere");
        await _app.TickAsync(otherRig.Id);
        await ReportUsageAsync(otherRig.Id, await _app.GetAgentAsync(otherRig.Id, elsewhere.Agent.Id), elsewhere.Bead.Id, 0.60m);
        // The mayor's runs are stored in the town's HQ store.
        await _app.WriteLedgerAsync(town.Town.Id, ledger => ledger.Usage.AddAsync(
            new AgentRunUsage(town.Mayor.Id, 1, null, new TokenUsage(10, 10, 0, 0.45m), _app.Clock.GetUtcNow()), AppHarness.Ct));

        var slung = await _app.SlingAsync(town.Owner, town.Town, rig, "Mine");
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(0);
        (await _app.GetBeadAsync(rig.Id, slung.Bead.Id)).PausedReason.ShouldBe("budget usdPerDay reached (1.05 of 1.00)");
    }

    [Fact]
    public async Task Usage_of_another_town_or_of_yesterday_does_not_count()
    {
        var (town, rig) = await TownWithBudgetAsync(new BudgetPatch(UsdPerDay: 1.00m));
        var other = await _app.SlingToNewPolecatAsync();
        await _app.TickAsync(other.Rig.Id);
        await ReportUsageAsync(other.Rig.Id, await _app.GetAgentAsync(other.Rig.Id, other.Agent.Id), other.Bead.Id, 5m);
        // This town's mayor spent plenty, yesterday (UTC).
        var yesterday = TownBudgetsDay(_app.Clock.GetUtcNow()).AddSeconds(-1);
        await _app.WriteLedgerAsync(town.Town.Id, ledger => ledger.Usage.AddAsync(
            new AgentRunUsage(town.Mayor.Id, 1, null, new TokenUsage(10, 10, 0, 9m), yesterday), AppHarness.Ct));

        var slung = await _app.SlingAsync(town.Owner, town.Town, rig, "Mine");
        (await _app.TickAsync(rig.Id)).Dispatched.ShouldBe(1);
        (await _app.GetBeadAsync(rig.Id, slung.Bead.Id)).PausedReason.ShouldBeNull();
    }

    private static DateTimeOffset TownBudgetsDay(DateTimeOffset now) => new(now.UtcDateTime.Date, TimeSpan.Zero);

    [Fact]
    public async Task A_bead_over_usdPerBead_is_stopped_and_escalated_with_its_usage()
    {
        var (town, rig) = await TownWithBudgetAsync(new BudgetPatch(UsdPerBead: 0.50m));
        var slung = await _app.SlingAsync(town.Owner, town.Town, rig, "Expensive");
        await _app.TickAsync(rig.Id);
        var working = await _app.GetAgentAsync(rig.Id, slung.Agent.Id);
        working.Status.ShouldBe(AgentStatus.Working);

        // Under the limit: it keeps running.
        await ReportUsageAsync(rig.Id, working, slung.Bead.Id, 0.40m);
        await _app.TickAsync(rig.Id);
        _app.Container.Stops.ShouldBeEmpty();

        await ReportUsageAsync(rig.Id, working, slung.Bead.Id, 0.35m);
        await _app.TickAsync(rig.Id);

        _app.Container.Stops.ShouldContain(slung.Agent.Id);
        var bead = await _app.GetBeadAsync(rig.Id, slung.Bead.Id);
        (bead.Status, bead.AssigneeAgentId).ShouldBe((BeadStatus.Open, (Guid?)null));
        bead.EscalatedAt.ShouldNotBeNull();
        var agent = await _app.GetAgentAsync(rig.Id, slung.Agent.Id);
        (agent.Status, agent.HookedBeadId).ShouldBe((AgentStatus.Idle, (Guid?)null));
        agent.Generation.ShouldBe(working.Generation + 1, "a late call from the stopped process is stale");
        var exceeded = (await _app.GetEventsAsync(rig.Id, slung.Bead.Id)).Single(e => e.Type == BeadEventType.BudgetExceeded);
        exceeded.NewValue.ShouldBe("$0.75 of $0.50 per bead (2000 input, 400 output, 0 cached tokens)");
        var escalation = (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Beads.ListAsync(new BeadFilter(Limit: 50), AppHarness.Ct)))
            .Single(b => b.Type == BeadType.Escalation);
        escalation.Metadata["bead_id"].ShouldBe(slung.Bead.Id.ToString());
        escalation.Body.ShouldNotBeNull().ShouldContain("$0.75 of $0.50 per bead");

        // Given up: not dispatched again.
        await _app.TickAsync(rig.Id);
        _app.Container.Launches.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(-1L, null, null, "budget.tokensPerDay")]
    [InlineData(null, -0.01, null, "budget.usdPerDay")]
    [InlineData(null, null, -5.0, "budget.usdPerBead")]
    [InlineData(null, 2_000_000.0, null, "budget.usdPerDay")]
    public async Task A_bad_budget_names_its_field_and_changes_nothing(long? tokens, double? usdPerDay, double? usdPerBead, string field)
    {
        var (town, _) = await TownWithBudgetAsync(new BudgetPatch(UsdPerDay: 3m));
        var result = await _app.SendAsync(town.Owner, new UpdateTownConfigCommand(town.Town.Id,
            Budget: new BudgetPatch(tokens, (decimal?)usdPerDay, (decimal?)usdPerBead)));
        result.ShouldBeInvalidOn(field);
        (await _app.SendAsync(town.Owner, new Gastown.Application.Towns.GetTownConfig.GetTownConfigQuery(town.Town.Id))).Value.Budget.ShouldBe(new BudgetResponse(null, 3m, null));
    }

    [Fact]
    public async Task Zero_removes_a_limit_and_absent_keeps_it()
    {
        var (town, _) = await TownWithBudgetAsync(new BudgetPatch(TokensPerDay: 10, UsdPerDay: 3m, UsdPerBead: 1m));
        var updated = await _app.SendAsync(town.Owner, new UpdateTownConfigCommand(town.Town.Id, Budget: new BudgetPatch(UsdPerDay: 0m)));
        updated.Value.Budget.ShouldBe(new BudgetResponse(10, null, 1m));
        var cleared = await _app.SendAsync(town.Owner, new UpdateTownConfigCommand(town.Town.Id, Budget: new BudgetPatch(0, null, 0m)));
        cleared.Value.Budget.ShouldBeNull();
    }
}
