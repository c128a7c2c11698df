namespace Gastown.Application.Reviews.ListReviews;

internal sealed class ListReviewsValidator : AbstractValidator<ListReviewsQuery>
{
    public ListReviewsValidator()
    {
        RuleFor(x => x.Status)
            .Must(status => EnumText.TryParse<ReviewStatus>(status, out _))
            .When(x => x.Status is not null)
            .WithMessage($"'status' must be one of {string.Join(", ", EnumText.Names<ReviewStatus>())}.");
    }
}
