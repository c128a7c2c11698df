using System.Diagnostics;
using Gastown.Application.Common.Telemetry;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Drives the review queue: entries left running by a crash go back to pending (or approved) at once; pending and
/// approved entries are merged oldest first, deterministically, by the container, which runs the rig's gates before
/// any push. Merged → the bead closes. A branch with no commit beyond the default branch → changes requested ("no
/// changes on your branch"), never merged. A failed gate → changes requested: the bead goes back to a polecat with the
/// gate's output (escalated after <c>maxReviewRounds</c>). Approve mode → a passing entry waits for a person; an
/// approved one is pushed (its gates re-run only when the default branch moved since). Conflict → the entry fails,
/// the bead reopens unassigned and a high-priority escalation explains. Other errors are retried a few times.
/// </summary>
internal sealed class ReviewPhase(
    ILedgerStores ledgers, ITownContainer container, IOptions<GastownOptions> options, TimeProvider clock, TownSettings settings,
    IGastownMetrics metrics, ConvoyBranches convoyBranches, ConvoyTracker convoys, IConvoyStore convoyStore)
{
    private const int MergesPerTick = 10;

    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        // Each entry is tried at most once per tick: a passing fault waits for a later tick instead of spending all
        // its attempts at once.
        var attempted = new HashSet<Guid>();
        for (var merged = 0; ; merged++)
        {
            // Merges are serial and slow (git), and the phases before this one only run between ticks: after the
            // per-tick cap, or as soon as a polecat is free for queued work, the rest waits for a tick armed for now,
            // so freed polecats are re-dispatched between merges instead of idling through the whole queue.
            if (merged > 0 && (merged >= MergesPerTick || await DispatchWaitsAsync(storeId, ct)))
            {
                tally.MoreWorkNow = await HasUntriedAsync(storeId, attempted, ct);
                return;
            }
            var claim = await ClaimOldestPendingAsync(storeId, attempted, ct);
            if (claim is null) return;
            var (entry, recorded, bead, townId, approved) = claim.Value;
            attempted.Add(entry.Id);
            var repository = await settings.RepositoryAsync(recorded, ct);
            var review = await settings.ReviewAsync(storeId, ct);
            var push = approved || review.Mode == RigReviewMode.Auto;
            string title;
            if (entry.IsLanding)
            {
                // A convoy's landing merge: its feature branch into the default branch, unless the convoy was closed meanwhile.
                if (await convoyStore.GetAsync(entry.BeadId, ct) is not { Status: ConvoyStatus.Landing } convoy)
                {
                    await RecordLandingRefusedAsync(storeId, entry, ct);
                    continue;
                }
                title = $"land convoy {convoy.Title}";
            }
            else
            {
                // A bead of a land-mode convoy merges into the convoy's feature branch.
                repository = await convoyBranches.ForBeadAsync(repository, bead, ct);
                title = bead?.Title ?? entry.Branch;
            }

            var request = new MergeRequest(repository, entry.Branch, $"Merge {entry.Branch}: {title}",
                review.Gates, TimeSpan.FromSeconds(review.GateTimeoutSeconds), await settings.AgentEnvironmentAsync(townId, ct),
                push, review.DeleteMergedBranches, GatesPassedOn: approved ? entry.BaseCommit : null, NodeId: entry.NodeId);
            using var span = GastownTracing.Start("merge", storeId, entry.BeadId, entry.AgentId);
            var started = Stopwatch.GetTimestamp();
            var outcome = await container.MergeAsync(request, ct);
            var result = !outcome.IsSuccess
                ? outcome.Status == Ardalis.Result.ResultStatus.Conflict ? "conflict" : "error"
                : outcome.Value.NoChanges ? "no_changes"
                : outcome.Value.FailedGate is not null ? "gate_failed"
                : outcome.Value.Commit is null ? "checked" : "merged";
            metrics.Merge(townId, storeId, result, Stopwatch.GetElapsedTime(started));
            span?.SetTag("gastown.merge.outcome", result);
            await RecordOutcomeAsync(storeId, entry, approved, review, outcome, tally, ct);
            if (entry.IsLanding) await convoys.EvaluateAsync(entry.BeadId, ct);
        }
    }

    /// <summary>A landing merge whose convoy is no longer landing (closed): failed, nothing merged.</summary>
    private async Task RecordLandingRefusedAsync(Guid storeId, ReviewEntry entry, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        await ledger.Reviews.UpdateAsync(entry.Failed("The convoy is no longer landing; nothing was merged.", clock.GetUtcNow()), ct);
        await ledger.CommitAsync(ct);
    }

    /// <summary>Queued beads and a polecat free to take one: the schedule phase has work the moment this tick ends.</summary>
    private async Task<bool> DispatchWaitsAsync(Guid storeId, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct);
        return await ledger.Agents.FindQueueAndFreePolecatAsync(ct) is (true, not null);
    }

    /// <summary>Entries this tick has not tried yet are waiting (pending or approved).</summary>
    private async Task<bool> HasUntriedAsync(Guid storeId, IReadOnlySet<Guid> attempted, CancellationToken ct)
    {
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct);
        foreach (var status in new[] { ReviewStatus.Pending, ReviewStatus.Approved })
            foreach (var entry in await ledger.Reviews.ListAsync(status, ct))
                if (!attempted.Contains(entry.Id)) return true;
        return false;
    }

    private async Task<(ReviewEntry Entry, RepositoryRef Repository, Bead? Bead, Guid TownId, bool Approved)?> ClaimOldestPendingAsync(
        Guid storeId, IReadOnlySet<Guid> attempted, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if (ledger.Identity is not { Kind: LedgerKind.Rig, GitUrl: { } gitUrl, DefaultBranch: { } defaultBranch }) return null;

        // A merge only runs inside a tick and ticks of one store never overlap, so an entry still marked running
        // here was left by a crash (or a failed tick): back to the queue at once, not after a timeout.
        foreach (var stuck in await ledger.Reviews.ListAsync(ReviewStatus.Running, ct))
            await ledger.Reviews.UpdateAsync(stuck.Requeue("Reset after being left running.", now), ct);

        // Approved entries keep their place in the queue by age, like pending ones.
        var entry = (await ledger.Reviews.ListAsync(null, ct))
            .Where(queued => queued.Status is ReviewStatus.Pending or ReviewStatus.Approved)
            .FirstOrDefault(queued => !attempted.Contains(queued.Id));
        if (entry is null)
        {
            await ledger.CommitAsync(ct);
            return null;
        }
        var running = entry.Claim(now);
        await ledger.Reviews.UpdateAsync(running, ct);
        var bead = entry.IsLanding ? null : await ledger.Beads.GetAsync(entry.BeadId, ct);
        await ledger.CommitAsync(ct);
        return (running, new RepositoryRef(storeId, gitUrl, defaultBranch), bead, ledger.Identity.TownId, entry.Status == ReviewStatus.Approved);
    }

    private async Task RecordOutcomeAsync(
        Guid storeId, ReviewEntry entry, bool approved, RigReview review, Ardalis.Result.Result<MergeOutcome> outcome, TickTally tally, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        var bead = await ledger.Beads.GetAsync(entry.BeadId, ct);
        var message = string.Join(" ", outcome.Errors);

        if (outcome.IsSuccess && outcome.Value is { Commit: { } commit } merged)
        {
            // Gates not re-run (an approved entry on an unmoved default branch) keep the results the person saw.
            var withGates = merged.Gates.Count > 0 ? entry with { Gates = merged.Gates, BaseCommit = merged.BaseCommit } : entry;
            await ledger.Reviews.UpdateAsync(withGates.Merged(commit, now), ct);
            if (bead is not null) await ledger.SaveAsync(bead.Merge(entry.Branch, commit, entry.AgentId, now), ct);
            tally.Merged++;
        }
        else if (entry.IsLanding && ((outcome.IsSuccess && outcome.Value.NoChanges) || outcome.Status == Ardalis.Result.ResultStatus.NotFound))
        {
            // A rig whose beads all closed without changes has nothing on its feature branch (or no feature branch): nothing to land.
            await ledger.Reviews.UpdateAsync(entry.NothingToLand(now), ct);
        }
        else if (outcome.IsSuccess && outcome.Value.NoChanges)
        {
            // Done with nothing done is no merge: back to the polecat as a review round (escalated after maxReviewRounds).
            var feedback = ReviewRounds.NoChangesFeedback(entry.Branch, ledger.Identity.DefaultBranch);
            var unchanged = entry.NoChanges(outcome.Value.BaseCommit, feedback, now);
            await ledger.Reviews.UpdateAsync(unchanged, ct);
            if (bead is not null) await ReviewRounds.RequestChangesAsync(ledger, unchanged, bead, feedback, review.MaxReviewRounds, now, ct);
            tally.MergeFailed++;
        }
        else if (outcome.IsSuccess && outcome.Value.FailedGate is not null)
        {
            var failed = entry.GateFailed(outcome.Value.Gates, outcome.Value.BaseCommit, now);
            await ledger.Reviews.UpdateAsync(failed, ct);
            if (bead is not null) await ReviewRounds.RequestChangesAsync(ledger, failed, bead, failed.Feedback!, review.MaxReviewRounds, now, ct);
            tally.MergeFailed++;
        }
        else if (outcome.IsSuccess)
        {
            // Approve mode: merged and gated without a push; a person decides. (An approved entry always pushes.)
            await ledger.Reviews.UpdateAsync(entry.AwaitApproval(outcome.Value.Gates, outcome.Value.BaseCommit, now), ct);
            if (bead is not null) await ledger.SaveAsync(bead.AwaitApproval(entry.Branch, entry.AgentId, now), ct);
        }
        else if (outcome.Status == Ardalis.Result.ResultStatus.NotFound)
        {
            // Nothing to merge: the work was lost (a node died with the only copy of an unpushed branch). Retrying
            // cannot bring it back; the bead goes back to a polecat to be done again, as a review round.
            var lost = entry.Failed(message, now);
            await ledger.Reviews.UpdateAsync(lost, ct);
            if (bead is not null)
                await ReviewRounds.RequestChangesAsync(ledger, lost, bead,
                    $"The work on {entry.Branch} was lost before it could be merged ({message}). Do the bead's work again.",
                    review.MaxReviewRounds, now, ct);
            tally.MergeFailed++;
        }
        else if (outcome.Status == Ardalis.Result.ResultStatus.Unavailable)
        {
            // The node with the worktree did not answer: no attempt spent. Once it is declared dead the merge runs on a
            // live node from what the remote holds.
            var postponed = entry.Postpone(message, now);
            await ledger.Reviews.UpdateAsync(approved ? postponed with { Status = ReviewStatus.Approved } : postponed, ct);
        }
        else if (outcome.Status == Ardalis.Result.ResultStatus.Conflict || entry.Attempts >= options.Value.Alarm.MaxMergeAttempts)
        {
            await ledger.Reviews.UpdateAsync(entry.Failed(message, now), ct);
            if (bead is not null)
            {
                await ledger.Beads.AppendEventsAsync(bead.MergeFailed(entry.Branch, message, entry.AgentId, now).Events, ct);
                var what = outcome.Status == Ardalis.Result.ResultStatus.Conflict ? "Merge conflict" : "Merge failed";
                await LedgerChanges.GiveUpAsync(ledger, bead, agent: null, $"{what}: {entry.Branch}",
                    $"{entry.Branch} could not be merged: {message} The branch is kept; the bead is open again.", BeadPriority.High, now, ct);
            }
            tally.MergeFailed++;
        }
        else
        {
            // A passing fault (network, lock): back in the queue for the next tick (an approved entry stays approved).
            var requeued = entry.Requeue(message, now);
            await ledger.Reviews.UpdateAsync(approved ? requeued with { Status = ReviewStatus.Approved } : requeued, ct);
        }
        await ledger.CommitAsync(ct);
    }
}
