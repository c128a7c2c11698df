namespace Gastown.Application.Convoys.AddConvoyBead;

internal sealed class AddConvoyBeadValidator : AbstractValidator<AddConvoyBeadCommand>
{
    public AddConvoyBeadValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.DependsOn).MustNotNameItself(x => x.BeadId);
    }
}
