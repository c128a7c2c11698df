using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.AgentApi.SendMail;

internal sealed class SendMailValidator : AbstractValidator<SendMail>
{
    public SendMailValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.To).NotEmpty().MaximumLength(300);
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(SendMail.MaxSubjectLength);
        RuleFor(x => x.Body).NotNull().MaximumLength(SendMail.MaxBodyLength);
    }
}
