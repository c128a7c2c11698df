using Gastown.Domain.Git;

namespace Gastown.Application.AgentApi.Done;

internal sealed class DoneValidator : AbstractValidator<DoneCommand>
{
    public DoneValidator()
    {
        RuleFor(x => x.Branch)
            .Must(GitBranchName.IsValid).When(x => x.Branch is not null)
            .WithMessage(x => $"'branch' {GitBranchName.Problem(x.Branch)}.");
        RuleFor(x => x.Summary).MaximumLength(DoneCommand.MaxSummaryLength);
    }
}
