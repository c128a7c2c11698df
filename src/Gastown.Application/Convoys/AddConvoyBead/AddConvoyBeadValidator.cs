using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Convoys.AddConvoyBead;

internal sealed class AddConvoyBeadValidator : AbstractValidator<AddConvoyBead>
{
    public AddConvoyBeadValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.DependsOn)
            .Must((command, ids) => ids is null || !ids.Contains(command.BeadId))
            .WithMessage("'dependsOn' must not name the bead itself.")
            .OverridePropertyName("dependsOn");
    }
}
