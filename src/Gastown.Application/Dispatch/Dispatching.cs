namespace Gastown.Application.Dispatch;

/// <summary>
/// The two ledger writes around every dispatch (polecat or mayor). Before the container is called: the attempt on
/// the bead and the agent working under a new generation, committed. After: the process id, or the agent idle again
/// with the reason — unless the agent has moved on meanwhile (done, or a newer dispatch), which wins.
/// </summary>
public static class Dispatching
{
    /// <param name="nodeId">The node dispatching it (its process runs there); the ledger records it on the agent.</param>
    public static async Task<(Agent Working, Bead Attempted)> RecordAttemptAsync(
        ILedgerSession ledger, Agent agent, Bead bead, DateTimeOffset now, CancellationToken ct, string? nodeId = null)
    {
        var dispatched = await ledger.SaveAsync(agent.StartWorking(bead, now, nodeId), ct);
        return (dispatched.Agent, dispatched.Bead);
    }

    /// <param name="nextAttemptAt">When a failed start will be tried again (null: not again); shown with the error.</param>
    public static async Task<StartRecorded?> RecordStartAsync(
        ILedgerSession ledger, AgentLaunch launch, Guid beadId, Result<int> started, DateTimeOffset now, CancellationToken ct,
        DateTimeOffset? nextAttemptAt = null)
    {
        var agent = await ledger.Agents.GetAsync(launch.AgentId, ct);
        if (agent is null || agent.Generation != launch.Generation || agent.Status != AgentStatus.Working) return null;

        var bead = await ledger.Beads.GetAsync(beadId, ct);
        if (started.IsSuccess)
        {
            if (bead is { LastError: not null } or { NextAttemptAt: not null })
                await ledger.Beads.UpdateAsync(bead = bead.ClearDispatchFailure(), ct);
            return new StartRecorded(await ledger.SaveAsync(agent.Started(started.Value, now), ct), bead, null);
        }

        var reason = string.Join(" ", started.Errors.Concat(started.ValidationErrors.Select(error => error.ErrorMessage)));
        if (bead is not null) await ledger.Beads.UpdateAsync(bead = bead.NoteDispatchFailure(reason, nextAttemptAt, now), ct);
        return new StartRecorded(await ledger.SaveAsync(agent.DispatchFailed(bead?.Id, reason, now, nextAttemptAt), ct), bead, reason);
    }
}
