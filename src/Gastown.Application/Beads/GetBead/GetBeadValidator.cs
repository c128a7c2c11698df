namespace Gastown.Application.Beads.GetBead;

internal sealed class GetBeadValidator : AbstractValidator<GetBeadQuery>
{
    public GetBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
