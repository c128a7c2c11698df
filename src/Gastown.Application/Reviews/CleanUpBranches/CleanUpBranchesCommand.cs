namespace Gastown.Application.Reviews.CleanUpBranches;

/// <summary>
/// Branch hygiene for the branches Gastown keeps (a failed merge, a failed gate, a rejection): once their bead is
/// closed or cancelled, and when the rig's <c>deleteMergedBranches</c> is on, each is deleted on the remote and in
/// the rig's clone, and its review entries record it. Sent by the management worker as the system after cancelBead /
/// closeBead and at start-up, so no answer waits on git. A branch that was merged, or still has an entry waiting for
/// or in a merge, is never touched here; a branch whose polecat process still runs without other work is deferred.
/// </summary>
public sealed record CleanUpBranchesCommand(Guid RigId) : ICommand<Result<CleanUpBranchesResponse>>, ISystemRequest;

/// <summary>Branches deleted, deferred (their polecat's process still runs), and failed (git errors; tried again later).</summary>
public sealed record CleanUpBranchesResponse(int Deleted, int Deferred, int Failed);

internal sealed class CleanUpBranchesHandler(
    ITownDirectory directory, ILedgerStores ledgers, ITownContainer container, TownSettings settings, TimeProvider clock)
    : ICommandHandler<CleanUpBranchesCommand, Result<CleanUpBranchesResponse>>
{
    public async ValueTask<Result<CleanUpBranchesResponse>> Handle(CleanUpBranchesCommand command, CancellationToken cancellationToken)
    {
        if (await directory.GetRigAsync(command.RigId, cancellationToken) is not { } rig) return Result.NotFound("Rig not found.");
        if (!ledgers.Exists(rig.Id) || !(await settings.ReviewAsync(rig.Id, cancellationToken)).DeleteMergedBranches)
            return new CleanUpBranchesResponse(0, 0, 0);

        // Decide from one read; git runs with no ledger open.
        var doomed = new List<(string Branch, string? NodeId)>();
        var deferred = 0;
        await using (var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken))
        {
            var agents = (await ledger.Agents.ListAsync(cancellationToken)).ToDictionary(agent => agent.Id);
            foreach (var entries in (await ledger.Reviews.ListAsync(null, cancellationToken)).GroupBy(entry => entry.Branch, StringComparer.Ordinal))
            {
                if (!entries.Any(entry => entry.KeepsUnmergedBranch)) continue;
                // A convoy's feature branch whose landing was refused holds the whole convoy's work: never deleted here.
                if (entries.Any(entry => entry.IsLanding)) continue;
                if (entries.Any(entry => entry.Status == ReviewStatus.Merged || entry.IsInFlight)) continue;
                // Every bead on the branch (normally one) must be over.
                var over = true;
                foreach (var beadId in entries.Select(entry => entry.BeadId).Distinct())
                    over &= (await ledger.Beads.GetAsync(beadId, cancellationToken))?.IsTerminal ?? true;
                if (!over) continue;

                var last = entries.MaxBy(entry => entry.CreatedAt)!;
                // A polecat with no other work whose process still runs may still be in the branch's worktree.
                if (container.GetStatus(last.AgentId).State == AgentProcessState.Running
                    && agents.TryGetValue(last.AgentId, out var agent) && agent.HookedBeadId is null)
                {
                    deferred++;
                    continue;
                }
                doomed.Add((entries.Key, last.NodeId));
            }
        }

        var repository = await settings.RepositoryAsync(new RepositoryRef(rig.Id, rig.GitUrl, rig.DefaultBranch), cancellationToken);
        int deleted = 0, failed = 0;
        foreach (var (branch, nodeId) in doomed)
        {
            var result = await container.DeleteBranchAsync(nodeId, repository, branch, cancellationToken);
            if (!result.IsSuccess)
            {
                failed++;
                continue;
            }
            deleted++;
            var now = clock.GetUtcNow();
            await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Write, cancellationToken);
            foreach (var entry in await ledger.Reviews.ListAsync(null, cancellationToken))
                if (entry.Branch == branch && entry.KeepsUnmergedBranch)
                    await ledger.Reviews.UpdateAsync(entry.BranchDeleted(now), cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        return new CleanUpBranchesResponse(deleted, deferred, failed);
    }
}
