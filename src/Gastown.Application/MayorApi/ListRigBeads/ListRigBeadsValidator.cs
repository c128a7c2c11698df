namespace Gastown.Application.MayorApi.ListRigBeads;

internal sealed class ListRigBeadsValidator : AbstractValidator<ListRigBeadsQuery>
{
    public ListRigBeadsValidator()
    {
        RuleFor(x => x.Status).MustBeBeadStatus();
        RuleFor(x => x.Limit).MustBePageLimit();
        RuleFor(x => x.Cursor).MustBeBeadCursor();
    }
}
