namespace Gastown.Application.Common.Ports;

/// <summary>
/// The diff of a review branch against the rig's default branch, read from the rig's clone as it is (no fetch): one
/// bounded git call, fit for a query (time-bounded, size-bounded). NotFound when the clone or the branch is gone.
/// </summary>
public interface IReviewDiffs
{
    Task<Result<ReviewDiff>> DiffAsync(RepositoryRef repository, string branch, CancellationToken ct);
}
