namespace Gastown.Application.Convoys.AddConvoyBead;

internal sealed class AddConvoyBeadValidator : AbstractValidator<AddConvoyBeadCommand>
{
    public AddConvoyBeadValidator()
    {
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.DependsOn).MustNotNameItself(x => x.BeadId);
    }
}
