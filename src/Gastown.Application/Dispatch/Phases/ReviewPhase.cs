using Gastown.Application.Common.Ports;
using System.Diagnostics;
using Gastown.Application.Common.Settings;
using Gastown.Application.Common.Telemetry;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Reviews;
using Microsoft.Extensions.Options;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Drives the review queue: entries left running by a crash go back to pending at once; pending entries are merged
/// oldest first, deterministically, by the container. Merged → the bead closes. Conflict → the entry fails, the
/// bead reopens unassigned and a high-priority escalation explains. Other errors are retried a few times.
/// </summary>
internal sealed class ReviewPhase(
    ILedgerStores ledgers, ITownContainer container, IOptions<GastownOptions> options, TimeProvider clock, TownSettings settings,
    IGastownMetrics metrics)
{
    private const int MergesPerTick = 10;

    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        // Each entry is tried at most once per tick: a passing fault waits for a later tick instead of spending all
        // its attempts at once.
        var attempted = new HashSet<Guid>();
        for (var merged = 0; merged < MergesPerTick; merged++)
        {
            var claim = await ClaimOldestPendingAsync(storeId, attempted, ct);
            if (claim is null) return;
            var (entry, recorded, title, townId) = claim.Value;
            attempted.Add(entry.Id);
            var repository = await settings.RepositoryAsync(recorded, ct);

            using var span = GastownTracing.Start("merge", storeId, entry.BeadId, entry.AgentId);
            var started = Stopwatch.GetTimestamp();
            var outcome = await container.MergeAsync(new MergeRequest(repository, entry.Branch, $"Merge {entry.Branch}: {title}"), ct);
            var result = outcome.IsSuccess ? "merged" : outcome.Status == Ardalis.Result.ResultStatus.Conflict ? "conflict" : "error";
            metrics.Merge(townId, storeId, result, Stopwatch.GetElapsedTime(started));
            span?.SetTag("gastown.merge.outcome", result);
            await RecordOutcomeAsync(storeId, entry, outcome, tally, ct);
        }
    }

    private async Task<(ReviewEntry Entry, RepositoryRef Repository, string Title, Guid TownId)?> ClaimOldestPendingAsync(
        Guid storeId, IReadOnlySet<Guid> attempted, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if (ledger.Identity is not { Kind: LedgerKind.Rig, GitUrl: { } gitUrl, DefaultBranch: { } defaultBranch }) return null;

        // A merge only runs inside a tick and ticks of one store never overlap, so an entry still marked running
        // here was left by a crash (or a failed tick): back to the queue at once, not after a timeout.
        foreach (var stuck in await ledger.ListReviewsAsync(ReviewStatus.Running, ct))
            await ledger.UpdateReviewAsync(stuck.Requeue("Reset after being left running.", now), ct);

        var entry = (await ledger.ListReviewsAsync(ReviewStatus.Pending, ct)).FirstOrDefault(pending => !attempted.Contains(pending.Id));
        if (entry is null)
        {
            await ledger.CommitAsync(ct);
            return null;
        }
        var running = entry.Claim(now);
        await ledger.UpdateReviewAsync(running, ct);
        var title = (await ledger.GetBeadAsync(entry.BeadId, ct))?.Title ?? entry.Branch;
        await ledger.CommitAsync(ct);
        return (running, new RepositoryRef(storeId, gitUrl, defaultBranch), title, ledger.Identity.TownId);
    }

    private async Task RecordOutcomeAsync(Guid storeId, ReviewEntry entry, Ardalis.Result.Result<string> outcome, TickTally tally, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        var bead = await ledger.GetBeadAsync(entry.BeadId, ct);
        var message = string.Join(" ", outcome.Errors);

        if (outcome.IsSuccess)
        {
            await ledger.UpdateReviewAsync(entry.Merged(outcome.Value, now), ct);
            if (bead is not null) await ledger.SaveAsync(bead.Merge(entry.Branch, outcome.Value, entry.AgentId, now), ct);
            tally.Merged++;
        }
        else if (outcome.Status == Ardalis.Result.ResultStatus.Conflict || entry.Attempts >= options.Value.Alarm.MaxMergeAttempts)
        {
            await ledger.UpdateReviewAsync(entry.Failed(message, now), ct);
            if (bead is not null)
            {
                await ledger.AppendEventsAsync(bead.MergeFailed(entry.Branch, message, entry.AgentId, now).Events, ct);
                var what = outcome.Status == Ardalis.Result.ResultStatus.Conflict ? "Merge conflict" : "Merge failed";
                await LedgerChanges.GiveUpAsync(ledger, bead, agent: null, $"{what}: {entry.Branch}",
                    $"{entry.Branch} could not be merged: {message} The branch is kept; the bead is open again.", BeadPriority.High, now, ct);
            }
            tally.MergeFailed++;
        }
        else
        {
            // A passing fault (network, lock): back in the queue for the next tick.
            await ledger.UpdateReviewAsync(entry.Requeue(message, now), ct);
        }
        await ledger.CommitAsync(ct);
    }
}
