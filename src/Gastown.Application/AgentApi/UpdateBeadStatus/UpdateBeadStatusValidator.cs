using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.AgentApi.UpdateBeadStatus;

internal sealed class UpdateBeadStatusValidator : AbstractValidator<UpdateBeadStatus>
{
    public UpdateBeadStatusValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
        RuleFor(x => x.Status)
            .Must(status => UpdateBeadStatus.Allowed.Contains(status))
            .WithMessage($"'status' must be one of {string.Join(", ", UpdateBeadStatus.Allowed)}.");
    }
}
