using Gastown.Application.Reviews;
using Gastown.Application.Reviews.ApproveReview;
using Gastown.Application.Reviews.GetReview;
using Gastown.Application.Reviews.ListReviews;
using Gastown.Application.Reviews.ListTownReviews;
using Gastown.Application.Reviews.RejectReview;

namespace Gastown.Web.Controllers;

/// <summary>
/// A rig's review queue: list, one entry with its diff and gate results, approve (202: the merge follows on the rig's
/// next alarm tick), reject with feedback (changes requested); and the town's queue across its rigs.
/// </summary>
[Route("api/rigs/{rigId}/reviews")]
public sealed class ReviewsController(ISender sender) : ResourceController
{
    public sealed record RejectBody(string? Feedback);

    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ReviewResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<ReviewResponse>>> ListReviews(Guid rigId, [FromQuery] string? status, CancellationToken ct) =>
        (await sender.Send(new ListReviewsQuery(rigId, status), ct)).ToHttp(this);

    /// <summary>The review queue of every rig of the town, newest first; <c>status</c> keeps one status; <c>limit</c> 1..500.</summary>
    [HttpGet("~/api/towns/{townId}/reviews")]
    [ProducesResponseType<IReadOnlyList<TownReviewResponse>>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<IReadOnlyList<TownReviewResponse>>> ListTownReviews(
        Guid townId, [FromQuery] string? status, [FromQuery] int limit = Application.Reviews.ListTownReviews.ListTownReviewsQuery.DefaultLimit,
        CancellationToken ct = default) =>
        (await sender.Send(new ListTownReviewsQuery(townId, status, limit), ct)).ToHttp(this);

    [HttpGet("{reviewId}")]
    [ProducesResponseType<ReviewDetails>(StatusCodes.Status200OK, "application/json")]
    public async Task<ActionResult<ReviewDetails>> GetReview(Guid rigId, Guid reviewId, CancellationToken ct) =>
        (await sender.Send(new GetReviewQuery(rigId, reviewId), ct)).ToHttp(this);

    [HttpPost("{reviewId}/approve")]
    [ProducesResponseType<ReviewResponse>(StatusCodes.Status202Accepted, "application/json")]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ReviewResponse>> ApproveReview(Guid rigId, Guid reviewId, CancellationToken ct) =>
        (await sender.Send(new ApproveReviewCommand(rigId, reviewId), ct)).ToHttp(this, StatusCodes.Status202Accepted);

    [HttpPost("{reviewId}/reject")]
    [ProducesResponseType<ReviewResponse>(StatusCodes.Status200OK, "application/json")]
    [ProblemResponse(StatusCodes.Status415UnsupportedMediaType)]
    [ProblemResponse(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<ReviewResponse>> RejectReview(Guid rigId, Guid reviewId, RejectBody body, CancellationToken ct) =>
        (await sender.Send(new RejectReviewCommand(rigId, reviewId, body.Feedback ?? ""), ct)).ToHttp(this);
}
