using Gastown.Application.Towns.UpdateTownConfig;
using Gastown.Domain.Git;

namespace Gastown.Application.Rigs.UpdateRig;

internal sealed class UpdateRigValidator : AbstractValidator<UpdateRigCommand>
{
    public UpdateRigValidator(IOptions<GastownOptions> options)
    {
        RuleFor(x => x.Name!).MustBeName().When(x => x.Name is not null);
        RuleFor(x => x.GitUrl!).MustBeGitUrl(options.Value.Git).When(x => x.GitUrl is not null);
        RuleFor(x => x.DefaultBranch)
            .Must(branch => GitBranchName.IsValid(branch))
            .When(x => x.DefaultBranch is not null)
            .WithMessage(x => $"'defaultBranch' {GitBranchName.Problem(x.DefaultBranch)}.");
        RuleFor(x => x.MaxPolecats)
            .Must(cap => cap is 0 or (>= UpdateTownConfigValidator.MinPolecats and <= UpdateTownConfigValidator.MaxPolecats))
            .When(x => x.MaxPolecats is not null)
            .WithMessage($"'maxPolecats' must be between {UpdateTownConfigValidator.MinPolecats} and {UpdateTownConfigValidator.MaxPolecats} (0 clears the rig's own cap).");
        RuleFor(x => x.Review!).SetValidator(new RigReviewPatchValidator()).When(x => x.Review is not null);
    }
}
