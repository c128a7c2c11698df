namespace Gastown.Application.Dispatch;

/// <summary>
/// What cancelBead, deleteBead, resetAgent and deleteAgent share: an agent lets go of its bead and goes idle under a
/// new generation, so a late call from the process being stopped is refused as stale. The caller stops the process
/// after its commit.
/// </summary>
public static class AgentRelease
{
    public static Task<Agent> ReleaseAsync(ILedgerSession ledger, Agent agent, DateTimeOffset now, CancellationToken ct) =>
        ledger.SaveAsync(agent.Release(now), ct);

    /// <summary>A bead back in the queue, unassigned and not escalated, with fresh attempts.</summary>
    public static async Task<Bead> RequeueAsync(ILedgerSession ledger, Bead bead, Guid? agentId, DateTimeOffset now, CancellationToken ct)
    {
        var requeued = await ledger.SaveAsync(bead.Requeue(agentId, now), ct);
        await ledger.Alarm.ArmAsync(now, ct);
        return requeued;
    }
}
