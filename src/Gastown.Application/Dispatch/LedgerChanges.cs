namespace Gastown.Application.Dispatch;

/// <summary>
/// Persists what the domain's transitions return: the new state and its ledger events, written in the caller's
/// transaction, so the bead_events ledger never misses a change. The one composite change several use cases share,
/// giving up on a bead, lives here too.
/// </summary>
public static class LedgerChanges
{
    public const string PatrolAddress = "witness";

    public static async Task<Bead> SaveAsync(this ILedgerSession ledger, Transition<Bead> change, CancellationToken ct)
    {
        await ledger.Beads.UpdateAsync(change.State, ct);
        await ledger.Beads.AppendEventsAsync(change.Events, ct);
        return change.State;
    }

    public static async Task<Agent> SaveAsync(this ILedgerSession ledger, Transition<Agent> change, CancellationToken ct)
    {
        await ledger.Agents.UpdateAsync(change.State, ct);
        await ledger.Beads.AppendEventsAsync(change.Events, ct);
        return change.State;
    }

    public static async Task<Assignment> SaveAsync(this ILedgerSession ledger, Transition<Assignment> change, CancellationToken ct)
    {
        await ledger.Beads.UpdateAsync(change.State.Bead, ct);
        await ledger.Agents.UpdateAsync(change.State.Agent, ct);
        await ledger.Beads.AppendEventsAsync(change.Events, ct);
        return change.State;
    }

    /// <summary>Writes a new bead (<see cref="Bead.Create"/>, <see cref="Bead.Escalation"/>) with its events.</summary>
    public static async Task<Bead> InsertAsync(this ILedgerSession ledger, Transition<Bead> created, CancellationToken ct)
    {
        await ledger.Beads.InsertAsync(created.State, ct);
        await ledger.Beads.AppendEventsAsync(created.Events, ct);
        return created.State;
    }

    /// <summary>
    /// Writes a new bead (<see cref="Bead.Create"/>) straight in the state <paramref name="hooked"/> leaves it in:
    /// one INSERT of the final row, the agent's update, and the events of both transitions in order.
    /// </summary>
    public static async Task<Assignment> InsertHookedAsync(
        this ILedgerSession ledger, Transition<Bead> created, Transition<Assignment> hooked, CancellationToken ct)
    {
        await ledger.Beads.InsertAsync(hooked.State.Bead, ct);
        await ledger.Agents.UpdateAsync(hooked.State.Agent, ct);
        await ledger.Beads.AppendEventsAsync([.. created.Events, .. hooked.Events], ct);
        return hooked.State;
    }

    /// <summary>
    /// Gives up on a bead: the agent lets go of it (idle, or stalled), the bead goes back to open and unassigned and
    /// is marked escalated, and an escalation bead says why.
    /// </summary>
    public static async Task<Bead> GiveUpAsync(
        ILedgerSession ledger, Bead bead, Agent? agent, string title, string reason, BeadPriority priority,
        DateTimeOffset now, CancellationToken ct, bool stalled = false)
    {
        if (agent is not null && agent.HookedBeadId == bead.Id)
            await ledger.SaveAsync(stalled ? agent.Stall(now) : agent.Unhook(now), ct);
        var reopened = await ledger.SaveAsync(bead.Reopen(escalated: true, agent?.Id, now), ct);
        await ledger.InsertAsync(Bead.Escalation(bead.Id, agent?.Id, title, reason, priority, now), ct);
        return reopened;
    }
}
