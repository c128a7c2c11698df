namespace Gastown.Application.Convoys.RemoveConvoyBead;

internal sealed class RemoveConvoyBeadValidator : AbstractValidator<RemoveConvoyBeadCommand>
{
    public RemoveConvoyBeadValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
