using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Towns.GetTownEvents;

internal sealed class GetTownEventsValidator : AbstractValidator<GetTownEvents>
{
    public GetTownEventsValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.Limit).InclusiveBetween(1, GetTownEvents.MaxLimit)
            .WithMessage($"'limit' must be between 1 and {GetTownEvents.MaxLimit}.");
    }
}
