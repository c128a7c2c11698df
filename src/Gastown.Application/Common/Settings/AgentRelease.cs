using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Work;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Common.Settings;

/// <summary>
/// What cancelBead, deleteBead, resetAgent and deleteAgent share: an agent lets go of its bead and goes idle under a
/// new generation, so a late call from the process being stopped is refused as stale. The caller stops the process
/// after its commit.
/// </summary>
public static class AgentRelease
{
    public static async Task<Agent> ReleaseAsync(ILedgerSession ledger, Agent agent, DateTimeOffset now, CancellationToken ct)
    {
        var released = agent.Unhook(now) with
        {
            Generation = agent.Generation + 1, RestartCount = 0, Checkpoint = null, LastError = null, NextAttemptAt = null,
        };
        await ledger.UpdateAgentAsync(released, ct);
        if (agent.HookedBeadId is { } beadId)
            await ledger.AppendEventAsync(BeadEvent.Of(beadId, agent.Id, BeadEventType.Unhooked, now, agent.Identity), ct);
        return released;
    }

    /// <summary>A bead back in the queue, unassigned and not escalated, with fresh attempts.</summary>
    public static async Task<Bead> RequeueAsync(ILedgerSession ledger, Bead bead, Guid? agentId, DateTimeOffset now, CancellationToken ct)
    {
        var requeued = bead with
        {
            Status = BeadStatus.Open, AssigneeAgentId = null, EscalatedAt = null, DispatchAttempts = 0, LastDispatchAttemptAt = null,
            LastError = null, NextAttemptAt = null, UpdatedAt = now,
        };
        await ledger.UpdateBeadAsync(requeued, ct);
        await LedgerChanges.StatusChangedAsync(ledger, bead, requeued, agentId, now, ct);
        await ledger.ArmAlarmAsync(now, ct);
        return requeued;
    }
}
