using FluentValidation;
using Gastown.Application.Common.Validation;
using Gastown.Domain;
using Gastown.Domain.Beads;

namespace Gastown.Application.Beads.UpdateBead;

internal sealed class UpdateBeadValidator : AbstractValidator<UpdateBead>
{
    public const int MaxLabels = 20;
    public const int MaxLabelLength = 64;

    public UpdateBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
        RuleFor(x => x.Title!).MustBeBeadTitle().When(x => x.Title is not null);
        RuleFor(x => x.Body).MustBeBeadBody();
        RuleFor(x => x.Priority)
            .Must(priority => EnumText.TryParse<BeadPriority>(priority, out _))
            .When(x => x.Priority is not null)
            .WithMessage($"'priority' must be one of {string.Join(", ", EnumText.Names<BeadPriority>())}.");
        RuleFor(x => x.DependsOn).MustBeDependsOn();
        RuleFor(x => x.DependsOn)
            .Must((command, ids) => ids is null || !ids.Contains(command.BeadId))
            .WithMessage("'dependsOn' must not name the bead itself.")
            .OverridePropertyName("dependsOn");
        RuleFor(x => x.Labels)
            .Must(labels => labels!.Count <= MaxLabels
                            && labels.All(label => !string.IsNullOrWhiteSpace(label) && label.Length <= MaxLabelLength && !label.Any(char.IsControl)))
            .When(x => x.Labels is not null)
            .WithMessage($"'labels' takes at most {MaxLabels} labels of 1..{MaxLabelLength} characters, not blank, no control characters.");
    }
}
