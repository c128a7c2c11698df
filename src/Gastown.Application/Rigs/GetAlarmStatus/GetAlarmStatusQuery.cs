using Gastown.Application.Common.Alarms;
using Gastown.Application.Dispatch;

namespace Gastown.Application.Rigs.GetAlarmStatus;

/// <summary>The rig's alarm: when it fires next, how its last tick went phase by phase, and the dispatches waiting to be tried again.</summary>
public sealed record GetAlarmStatusQuery(Guid RigId) : IQuery<Result<AlarmStatusResponse>>, IRigRequest;

/// <summary><c>Paused</c>: why the town's polecats are not dispatched now (a daily budget reached, a rate limit), or null.</summary>
public sealed record AlarmStatusResponse(
    Guid RigId, DateTimeOffset? NextTickAt, LastTickResponse? LastTick, IReadOnlyList<PendingDispatchResponse> PendingDispatches,
    string? Paused = null, DateTimeOffset? RateLimitedUntil = null);

/// <summary>Each phase is <c>ok</c>, <c>failed</c> or <c>skipped</c> (nothing was in flight).</summary>
public sealed record LastTickResponse(DateTimeOffset At, IReadOnlyDictionary<string, string> Phases, int Dispatched, int DispatchFailed, int Merged);

/// <summary>An agent with hooked work that is not running: when it is tried next, and why the last try failed.</summary>
public sealed record PendingDispatchResponse(
    Guid AgentId, string AgentName, Guid BeadId, int Attempts, DateTimeOffset NextAttemptAt, string? LastError,
    string? PausedReason = null, DateTimeOffset? RateLimitedUntil = null);

internal sealed class GetAlarmStatusHandler(
    ITownDirectory directory, ILedgerStores ledgers, AlarmTickLog ticks, IOptions<GastownOptions> options,
    TownBudgets budgets, RateLimitPauses rateLimits, TimeProvider clock)
    : IQueryHandler<GetAlarmStatusQuery, Result<AlarmStatusResponse>>
{
    public async ValueTask<Result<AlarmStatusResponse>> Handle(GetAlarmStatusQuery query, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(query.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        var policy = options.Value.Alarm.ToDispatchPolicy();
        var (budget, _) = await budgets.CheckAsync(rig.TownId, cancellationToken, peek: true);
        var rateLimitedUntil = rateLimits.Until(rig.TownId, clock.GetUtcNow());
        var paused = budget?.Reason ?? (rateLimitedUntil is { } until ? Agent.RateLimitReason(until) : null);
        await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken);
        var next = await ledger.Alarm.GetAsync(cancellationToken);
        var pending = new List<PendingDispatchResponse>();
        foreach (var agent in await ledger.Agents.ListAsync(cancellationToken))
        {
            if (agent is not { Status: AgentStatus.Idle, HookedBeadId: { } beadId }) continue;
            if (await ledger.Beads.GetAsync(beadId, cancellationToken) is not { } bead || bead.IsTerminal) continue;
            var at = bead.NextAttemptAt ?? policy.NextAttemptAt(bead.DispatchAttempts, bead.LastDispatchAttemptAt);
            pending.Add(new PendingDispatchResponse(agent.Id, agent.Name, bead.Id, bead.DispatchAttempts,
                at == DateTimeOffset.MinValue ? next ?? DateTimeOffset.UnixEpoch : at, bead.LastError ?? agent.LastError,
                bead.PausedReason ?? agent.PausedReason, bead.RateLimitedUntil ?? agent.RateLimitedUntil));
        }

        var last = ticks.Last(rig.Id) is { } tick ? new LastTickResponse(tick.At, tick.Phases, tick.Dispatched, tick.DispatchFailed, tick.Merged) : null;
        return new AlarmStatusResponse(rig.Id, next, last, pending, paused, rateLimitedUntil);
    }
}
