namespace Gastown.Application.Beads.HoldBead;

internal sealed class HoldBeadValidator : AbstractValidator<HoldBeadCommand>
{
    public HoldBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
