using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Beads.GetBeadEvents;

internal sealed class GetBeadEventsValidator : AbstractValidator<GetBeadEvents>
{
    public GetBeadEventsValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
