namespace Gastown.Application.Beads.UpdateBead;

internal sealed class UpdateBeadValidator : AbstractValidator<UpdateBeadCommand>
{
    public UpdateBeadValidator()
    {
        RuleFor(x => x.Title!).MustBeBeadTitle().When(x => x.Title is not null);
        RuleFor(x => x.Body).MustBeBeadBody();
        RuleFor(x => x.Priority).MustBePriority();
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.DependsOn).MustNotNameItself(x => x.BeadId);
        RuleFor(x => x.Labels).MustBeLabels();
    }
}
