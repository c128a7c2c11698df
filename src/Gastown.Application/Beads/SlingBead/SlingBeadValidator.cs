using FluentValidation;
using Gastown.Application.Common.Validation;
using Gastown.Domain.Beads;

namespace Gastown.Application.Beads.SlingBead;

internal sealed class SlingBeadValidator : AbstractValidator<SlingBead>
{
    public SlingBeadValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.Title)
            .NotEmpty().WithMessage("'title' must not be empty.")
            .MaximumLength(Bead.MaxTitleLength).WithMessage($"'title' must be at most {Bead.MaxTitleLength} characters.");
        RuleFor(x => x.Body)
            .MaximumLength(Bead.MaxBodyLength).WithMessage($"'body' must be at most {Bead.MaxBodyLength} characters.");
        RuleFor(x => x.Model)
            .MaximumLength(200).Must(model => model is null || !model.Any(char.IsControl))
            .WithMessage("'model' must be at most 200 characters with no control characters.");
    }
}
