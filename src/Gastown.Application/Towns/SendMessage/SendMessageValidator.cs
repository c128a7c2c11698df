using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Towns.SendMessage;

internal sealed class SendMessageValidator : AbstractValidator<SendMessage>
{
    public SendMessageValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.Message)
            .NotEmpty().WithMessage("'message' must not be empty.")
            .MaximumLength(SendMessage.MaxMessageLength).WithMessage($"'message' must be at most {SendMessage.MaxMessageLength} characters.");
        RuleFor(x => x.Model).MustBeModel();
        RuleFor(x => x.RequestId).MustBeRequestId();
    }
}
