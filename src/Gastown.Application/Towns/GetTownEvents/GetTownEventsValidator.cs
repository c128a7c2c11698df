namespace Gastown.Application.Towns.GetTownEvents;

internal sealed class GetTownEventsValidator : AbstractValidator<GetTownEventsQuery>
{
    public GetTownEventsValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, GetTownEventsQuery.MaxLimit)
            .WithMessage($"'limit' must be between 1 and {GetTownEventsQuery.MaxLimit}.");
    }
}
