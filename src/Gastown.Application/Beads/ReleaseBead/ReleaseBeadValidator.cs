namespace Gastown.Application.Beads.ReleaseBead;

internal sealed class ReleaseBeadValidator : AbstractValidator<ReleaseBeadCommand>
{
    public ReleaseBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
