namespace Gastown.Application.Towns.SendMessage;

internal sealed class SendMessageValidator : AbstractValidator<SendMessageCommand>
{
    public SendMessageValidator()
    {
        RuleFor(x => x.Message)
            .NotEmpty().WithMessage("'message' must not be empty.")
            .MaximumLength(SendMessageCommand.MaxMessageLength).WithMessage($"'message' must be at most {SendMessageCommand.MaxMessageLength} characters.");
        RuleFor(x => x.Model).MustBeModel();
        RuleFor(x => x.RequestId).MustBeRequestId();
    }
}
