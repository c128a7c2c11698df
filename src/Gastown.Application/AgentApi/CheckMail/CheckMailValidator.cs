using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.AgentApi.CheckMail;

internal sealed class CheckMailValidator : AbstractValidator<CheckMailCommand>
{
    public CheckMailValidator() => RuleFor(x => x.AgentId).MustBeId();
}
