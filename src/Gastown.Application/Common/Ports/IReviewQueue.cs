namespace Gastown.Application.Common.Ports;

/// <summary>A rig's review queue, in the session's transaction.</summary>
public interface IReviewQueue
{
    Task InsertAsync(ReviewEntry entry, CancellationToken ct);
    Task UpdateAsync(ReviewEntry entry, CancellationToken ct);
    Task<ReviewEntry?> GetAsync(Guid entryId, CancellationToken ct);

    /// <summary>Entries of one status (or all), oldest first.</summary>
    Task<IReadOnlyList<ReviewEntry>> ListAsync(ReviewStatus? status, CancellationToken ct);
}
