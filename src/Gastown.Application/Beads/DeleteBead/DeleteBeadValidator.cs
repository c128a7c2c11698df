namespace Gastown.Application.Beads.DeleteBead;

internal sealed class DeleteBeadValidator : AbstractValidator<DeleteBeadCommand>
{
    public DeleteBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
