using Gastown.Application.Dispatch;

namespace Gastown.Application.Reviews.GetReview;

/// <summary>
/// One review entry with what a person needs to decide: the branch's diff against the default branch (a land-mode
/// convoy's bead: its feature branch; a landing merge: the feature branch against the default branch) (files and
/// hunks, size-bounded; null with <see cref="ReviewDetails.DiffError"/> when it cannot be read, e.g. a merged branch
/// that was deleted), the gate results, the polecat's summary and the bead's review rounds.
/// </summary>
public sealed record GetReviewQuery(Guid RigId, Guid ReviewId) : IQuery<Result<ReviewDetails>>, IRigRequest;

public sealed record ReviewDetails(ReviewResponse Review, string? BeadTitle, int ReviewRounds, ReviewDiff? Diff, string? DiffError);

internal sealed class GetReviewHandler(ITownDirectory directory, ILedgerStores ledgers, IReviewDiffs diffs, TownSettings settings, ConvoyBranches convoyBranches)
    : IQueryHandler<GetReviewQuery, Result<ReviewDetails>>
{
    public async ValueTask<Result<ReviewDetails>> Handle(GetReviewQuery query, CancellationToken cancellationToken)
    {
        var rig = await directory.GetRigAsync(query.RigId, cancellationToken);
        if (rig is null) return Result.NotFound("Rig not found.");

        Domain.Reviews.ReviewEntry? entry;
        Domain.Beads.Bead? bead;
        await using (var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken))
        {
            entry = await ledger.Reviews.GetAsync(query.ReviewId, cancellationToken);
            if (entry is null) return Result.NotFound("Review not found.");
            bead = await ledger.Beads.GetAsync(entry.BeadId, cancellationToken);
        }

        // A bead of a land-mode convoy is diffed against the convoy's feature branch, which it merges into.
        var repository = await convoyBranches.ForBeadAsync(
            await settings.RepositoryAsync(new RepositoryRef(rig.Id, rig.GitUrl, rig.DefaultBranch), cancellationToken), bead, cancellationToken);
        var diff = await diffs.DiffAsync(repository, entry.Branch, cancellationToken);
        return new ReviewDetails(ReviewResponse.From(entry), bead?.Title, bead?.ReviewRounds ?? 0,
            diff.IsSuccess ? diff.Value : null, diff.IsSuccess ? null : string.Join(" ", diff.Errors));
    }
}
