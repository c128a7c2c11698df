namespace Gastown.Application.Beads.CancelBead;

internal sealed class CancelBeadValidator : AbstractValidator<CancelBeadCommand>
{
    public CancelBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
