using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Reviews.CleanUpBranches;

internal sealed class CleanUpBranchesValidator : AbstractValidator<CleanUpBranches>
{
    public CleanUpBranchesValidator() => RuleFor(x => x.RigId).MustBeId();
}
