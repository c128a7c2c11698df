namespace Gastown.Application.Reviews.ListTownReviews;

/// <summary>
/// The review queue of every rig of a town, newest first, at most <see cref="Limit"/> entries (optionally one status:
/// pending, running, awaiting_approval, approved, changes_requested, failed, merged), each with its rig and its bead's
/// title and review rounds.
/// </summary>
public sealed record ListTownReviewsQuery(Guid TownId, string? Status = null, int Limit = ListTownReviewsQuery.DefaultLimit)
    : IQuery<Result<IReadOnlyList<TownReviewResponse>>>, ITownRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
}

/// <summary>One review entry of a town's queue: the rig it belongs to, its bead (null title: the bead is gone) and the entry.</summary>
public sealed record TownReviewResponse(Guid RigId, string RigName, string? BeadTitle, string? BeadStatus, int ReviewRounds, ReviewResponse Review);

internal sealed class ListTownReviewsHandler(ITownDirectory directory, ILedgerStores ledgers)
    : IQueryHandler<ListTownReviewsQuery, Result<IReadOnlyList<TownReviewResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<TownReviewResponse>>> Handle(ListTownReviewsQuery query, CancellationToken cancellationToken)
    {
        var town = await directory.GetTownAsync(query.TownId, cancellationToken);
        if (town is null) return Result.NotFound("Town not found.");
        ReviewStatus? status = query.Status is null ? null : EnumText.Parse<ReviewStatus>(query.Status);

        // One read per rig: its newest entries (never more than the limit), then their beads from the same session.
        var items = new List<TownReviewResponse>();
        foreach (var rig in await directory.ListRigsAsync(town.Id, cancellationToken))
        {
            if (!ledgers.Exists(rig.Id)) continue;
            await using var ledger = await ledgers.OpenAsync(rig.Id, LedgerAccess.Read, cancellationToken);
            var newest = (await ledger.Reviews.ListAsync(status, cancellationToken))
                .OrderByDescending(entry => entry.CreatedAt).Take(query.Limit);
            foreach (var entry in newest)
            {
                var bead = await ledger.Beads.GetAsync(entry.BeadId, cancellationToken);
                items.Add(new TownReviewResponse(rig.Id, rig.Name, bead?.Title, bead?.Status.ToText(), bead?.ReviewRounds ?? 0, ReviewResponse.From(entry)));
            }
        }
        return items.OrderByDescending(item => item.Review.CreatedAt).ThenBy(item => item.Review.Id).Take(query.Limit).ToList();
    }
}
