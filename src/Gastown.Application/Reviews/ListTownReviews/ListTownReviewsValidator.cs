namespace Gastown.Application.Reviews.ListTownReviews;

internal sealed class ListTownReviewsValidator : AbstractValidator<ListTownReviewsQuery>
{
    public ListTownReviewsValidator()
    {
        RuleFor(x => x.Status)
            .Must(status => EnumText.TryParse<ReviewStatus>(status, out _))
            .When(x => x.Status is not null)
            .WithMessage($"'status' must be one of {string.Join(", ", EnumText.Names<ReviewStatus>())}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListTownReviewsQuery.MaxLimit)
            .WithMessage($"'limit' must be between 1 and {ListTownReviewsQuery.MaxLimit}.");
    }
}
