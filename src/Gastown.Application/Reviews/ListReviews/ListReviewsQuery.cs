namespace Gastown.Application.Reviews.ListReviews;

/// <summary>The rig's review queue, newest first (optionally one status: awaiting_approval, changes_requested, …).</summary>
public sealed record ListReviewsQuery(Guid RigId, string? Status = null) : IQuery<Result<IReadOnlyList<ReviewResponse>>>, IRigRequest;

internal sealed class ListReviewsHandler(ITownDirectory directory, ILedgerStores ledgers) : IQueryHandler<ListReviewsQuery, Result<IReadOnlyList<ReviewResponse>>>
{
    private const int MaxEntries = 200;

    public async ValueTask<Result<IReadOnlyList<ReviewResponse>>> Handle(ListReviewsQuery query, CancellationToken cancellationToken)
    {
        if (await directory.GetRigAsync(query.RigId, cancellationToken) is null) return Result.NotFound("Rig not found.");
        await using var ledger = await ledgers.OpenAsync(query.RigId, LedgerAccess.Read, cancellationToken);
        ReviewStatus? status = query.Status is null ? null : EnumText.Parse<ReviewStatus>(query.Status);
        var entries = await ledger.Reviews.ListAsync(status, cancellationToken);
        return Result.Success(ReviewResponse.From(entries.OrderByDescending(entry => entry.CreatedAt).Take(MaxEntries)));
    }
}
