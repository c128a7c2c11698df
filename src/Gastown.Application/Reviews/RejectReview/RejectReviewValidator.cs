namespace Gastown.Application.Reviews.RejectReview;

internal sealed class RejectReviewValidator : AbstractValidator<RejectReviewCommand>
{
    public const int MaxFeedbackLength = 20_000;

    public RejectReviewValidator()
    {
        RuleFor(x => x.Feedback)
            .Must(feedback => !string.IsNullOrWhiteSpace(feedback) && feedback.Length <= MaxFeedbackLength && !feedback.Contains('\0'))
            .WithMessage($"'feedback' must say what to change (1 to {MaxFeedbackLength} characters).");
    }
}
