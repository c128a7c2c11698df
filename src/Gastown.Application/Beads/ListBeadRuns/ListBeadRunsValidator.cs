namespace Gastown.Application.Beads.ListBeadRuns;

internal sealed class ListBeadRunsValidator : AbstractValidator<ListBeadRunsQuery>
{
    public ListBeadRunsValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
