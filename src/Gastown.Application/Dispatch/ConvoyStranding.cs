using Gastown.Application.Convoys;

namespace Gastown.Application.Dispatch;

/// <summary>
/// Whether a running convoy is stranded, computed when it is read (nothing stored, the convoy's states untouched): it
/// has ready work (an open tracked bead, not held, every blocker merged, queued or hooked to an agent that does not
/// run) and no agent working on it (no tracked bead running or in review), and nothing changed in it for longer than
/// the dispatch policy lets a ready bead wait (<see cref="GastownOptions.AlarmOptions.StrandedThreshold"/>). The reason
/// is what the tick would find stopping the dispatch, in the schedule phase's order: the town's budget pause, its rate
/// limit, the rig's unreachable remote, failing starts, the rig's polecat cap; else the work was simply not dispatched.
/// </summary>
public sealed class ConvoyStranding(
    ILedgerStores ledgers, ITownDirectory directory, PolecatRoster roster, TownBudgets budgets, RateLimitPauses rateLimits,
    IOptions<GastownOptions> options, TimeProvider clock)
{
    private sealed record Waiting(Bead Bead, Agent? Hooked, Rig? Rig, int? CapReached);

    public async Task<ConvoyStrandedResponse?> CheckAsync(Convoy convoy, IReadOnlyList<TrackedBead> tracked, CancellationToken ct)
    {
        if (convoy.Status is not (ConvoyStatus.Active or ConvoyStatus.Blocked) || !convoy.Released) return null;
        var ready = tracked.Select(bead => bead.Bead).OfType<Bead>()
            .Where(bead => bead is { IsTerminal: false, EscalatedAt: null, Type: BeadType.Issue, IsUnblocked: true }).ToList();
        if (ready.Count == 0) return null;
        var now = clock.GetUtcNow();
        var since = tracked.Select(bead => bead.Bead?.UpdatedAt ?? DateTimeOffset.MinValue).Append(convoy.UpdatedAt).Max();
        if (now - since < options.Value.Alarm.StrandedThreshold()) return null;

        var waiting = new List<Waiting>();
        foreach (var store in tracked.Where(bead => ready.Contains(bead.Bead!)).GroupBy(bead => bead.Member.StoreId))
        {
            if (!ledgers.Exists(store.Key)) continue;
            await using var ledger = await ledgers.OpenAsync(store.Key, LedgerAccess.Read, ct);
            var agents = (await ledger.Agents.ListAsync(ct)).ToDictionary(agent => agent.Id);
            var rig = await directory.GetRigAsync(store.Key, ct);
            int? capReached = null;
            var capChecked = false;
            foreach (var bead in store.Select(member => member.Bead!))
            {
                var agent = bead.AssigneeAgentId is { } agentId ? agents.GetValueOrDefault(agentId) : null;
                if (agent is { HookedBeadId: { } hooked } && hooked == bead.Id)
                {
                    // Running: the convoy is being worked on.
                    if (agent.Status == AgentStatus.Working) return null;
                    waiting.Add(new Waiting(bead, agent, rig, null));
                }
                else if (bead.Status == BeadStatus.Open && bead.AssigneeAgentId is null)
                {
                    if (!capChecked)
                    {
                        capReached = await roster.CapReachedAsync(ledger, await ledger.Agents.FindFreePolecatAsync(ct), ct);
                        capChecked = true;
                    }
                    waiting.Add(new Waiting(bead, null, rig, capReached));
                }
                // Else in progress without its agent's hook: in review, being merged.
                else return null;
            }
        }
        return waiting.Count == 0 ? null : await ReasonAsync(convoy.TownId, waiting, since, now, ct);
    }

    private async Task<ConvoyStrandedResponse> ReasonAsync(Guid townId, IReadOnlyList<Waiting> waiting, DateTimeOffset since, DateTimeOffset now, CancellationToken ct)
    {
        if ((await budgets.CheckAsync(townId, ct, peek: true)).Pause is { } budget)
            return new ConvoyStrandedResponse("budget_paused", budget.Reason, since);

        var limited = waiting.Select(wait => wait.Hooked?.RateLimitedUntil ?? wait.Bead.RateLimitedUntil).Append(rateLimits.Until(townId, now))
            .Where(until => until > now).Max();
        if (limited is { } until) return new ConvoyStrandedResponse("rate_limited", Agent.RateLimitReason(until), since);

        if (waiting.FirstOrDefault(wait => wait.Rig?.Health is { Status: RigHealthStatus.Unreachable }) is { Rig: { } unreachable })
            return new ConvoyStrandedResponse("rig_unreachable", $"rig {unreachable.Name} is unreachable: {unreachable.Health!.Reason}", since);

        if (waiting.FirstOrDefault(wait => wait is { Hooked: not null, Bead.LastError: not null }) is { } failing)
        {
            var next = failing.Bead.NextAttemptAt is { } at ? $"; next attempt at {at:O}" : "";
            return new ConvoyStrandedResponse("dispatch_failing",
                $"{failing.Bead.Title}: {failing.Bead.DispatchAttempts} failed starts, last: {failing.Bead.LastError}{next}", since);
        }

        if (waiting.FirstOrDefault(wait => wait.CapReached is not null) is { } capped)
            return new ConvoyStrandedResponse("cap_reached",
                $"rig {capped.Rig?.Name} has all {capped.CapReached} of its polecats busy with other work", since);

        return new ConvoyStrandedResponse("not_dispatched", $"{waiting.Count} ready bead(s) not dispatched", since);
    }
}
