namespace Gastown.Application.Beads.GetRunTranscript;

internal sealed class GetRunTranscriptValidator : AbstractValidator<GetRunTranscriptQuery>
{
    public GetRunTranscriptValidator()
    {
        RuleFor(x => x.After).GreaterThanOrEqualTo(0).WithMessage("'after' must be 0 or more.");
        RuleFor(x => x.Limit).InclusiveBetween(1, GetRunTranscriptQuery.MaxLimit)
            .WithMessage($"'limit' must be between 1 and {GetRunTranscriptQuery.MaxLimit}.");
    }
}
