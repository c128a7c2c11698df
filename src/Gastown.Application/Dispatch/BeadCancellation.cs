namespace Gastown.Application.Dispatch;

/// <summary>What cancelBead and closeConvoy share: one bead cancelled for good, in the caller's transaction.</summary>
public static class BeadCancellation
{
    /// <summary>
    /// Its agent (if one is on it) lets go, a pending merge of it is dropped, and the bead is cancelled. The caller
    /// commits, then stops <c>StoppedAgent</c>'s process and, when <c>KeptBranch</c>, cleans up the rig's branches.
    /// </summary>
    public static async Task<(Bead Cancelled, Guid? StoppedAgent, bool KeptBranch)> CancelAsync(
        ILedgerSession ledger, Bead bead, DateTimeOffset now, CancellationToken ct)
    {
        Guid? stop = null;
        var keptBranch = false;
        foreach (var agent in await ledger.Agents.ListAsync(ct))
        {
            if (agent.HookedBeadId != bead.Id) continue;
            await AgentRelease.ReleaseAsync(ledger, agent, now, ct);
            stop = agent.Id;
        }
        foreach (var review in await ledger.Reviews.ListAsync(null, ct))
        {
            if (review.BeadId != bead.Id) continue;
            if (review.Status is ReviewStatus.Pending or ReviewStatus.AwaitingApproval or ReviewStatus.Approved)
            {
                await ledger.Reviews.UpdateAsync(review with { Status = ReviewStatus.Failed, Message = "The bead was cancelled.", UpdatedAt = now }, ct);
                keptBranch = true;
            }
            keptBranch |= review.KeepsUnmergedBranch;
        }

        var cancelled = await ledger.SaveAsync(bead.Cancel(stop, now), ct);
        // A polecat was freed: queued work may take it.
        if (stop is not null) await ledger.Alarm.ArmAsync(now, ct);
        return (cancelled, stop, keptBranch);
    }
}
