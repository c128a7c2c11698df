using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Reviews.GetReview;

internal sealed class GetReviewValidator : AbstractValidator<GetReview>
{
    public GetReviewValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.ReviewId).MustBeId();
    }
}
