using FluentValidation;
using Gastown.Application.Common.Validation;
using Gastown.Domain.Beads;

namespace Gastown.Application.MayorApi.MayorSling;

internal sealed class MayorSlingValidator : AbstractValidator<MayorSling>
{
    public MayorSlingValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.Title).NotEmpty().MaximumLength(Bead.MaxTitleLength);
        RuleFor(x => x.Body).MaximumLength(Bead.MaxBodyLength);
        RuleFor(x => x.Model).MaximumLength(200);
    }
}
