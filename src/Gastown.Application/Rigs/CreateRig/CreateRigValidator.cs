using Gastown.Domain.Git;

namespace Gastown.Application.Rigs.CreateRig;

internal sealed class CreateRigValidator : AbstractValidator<CreateRigCommand>
{
    public CreateRigValidator(IOptions<GastownOptions> options)
    {
        RuleFor(x => x.Name).MustBeName();
        RuleFor(x => x.GitUrl).MustBeGitUrl(options.Value.Git);
        RuleFor(x => x.DefaultBranch)
            .Must(branch => GitBranchName.IsValid(branch))
            .When(x => x.DefaultBranch is not null)
            .WithMessage(x => $"'defaultBranch' {GitBranchName.Problem(x.DefaultBranch)}.");
    }
}
