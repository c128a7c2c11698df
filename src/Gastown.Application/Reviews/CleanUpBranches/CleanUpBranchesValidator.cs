namespace Gastown.Application.Reviews.CleanUpBranches;

internal sealed class CleanUpBranchesValidator : AbstractValidator<CleanUpBranchesCommand>
{
    public CleanUpBranchesValidator() => RuleFor(x => x.RigId).MustBeId();
}
