namespace Gastown.Application.Reviews.ApproveReview;

internal sealed class ApproveReviewValidator : AbstractValidator<ApproveReviewCommand>
{
    public ApproveReviewValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.ReviewId).MustBeId();
    }
}
