namespace Gastown.Application.Beads.ListBeads;

internal sealed class ListBeadsValidator : AbstractValidator<ListBeadsQuery>
{
    public ListBeadsValidator()
    {
        RuleFor(x => x.Status).MustBeBeadStatus();
        RuleFor(x => x.Limit).MustBePageLimit();
        RuleFor(x => x.Cursor).MustBeBeadCursor();
    }
}
