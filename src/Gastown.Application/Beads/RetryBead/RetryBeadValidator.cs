namespace Gastown.Application.Beads.RetryBead;

internal sealed class RetryBeadValidator : AbstractValidator<RetryBeadCommand>
{
    public RetryBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
