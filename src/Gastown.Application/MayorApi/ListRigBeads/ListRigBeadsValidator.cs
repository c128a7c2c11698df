using FluentValidation;
using Gastown.Application.Common.Validation;
using Gastown.Domain;
using Gastown.Domain.Beads;

namespace Gastown.Application.MayorApi.ListRigBeads;

internal sealed class ListRigBeadsValidator : AbstractValidator<ListRigBeads>
{
    public ListRigBeadsValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.Status)
            .Must(status => EnumText.TryParse<BeadStatus>(status, out _))
            .When(x => x.Status is not null)
            .WithMessage($"'status' must be one of {string.Join(", ", EnumText.Names<BeadStatus>())}.");
    }
}
