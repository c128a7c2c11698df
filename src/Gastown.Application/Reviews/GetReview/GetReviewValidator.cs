namespace Gastown.Application.Reviews.GetReview;

internal sealed class GetReviewValidator : AbstractValidator<GetReviewQuery>
{
    public GetReviewValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.ReviewId).MustBeId();
    }
}
