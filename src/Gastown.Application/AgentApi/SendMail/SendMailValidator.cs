namespace Gastown.Application.AgentApi.SendMail;

internal sealed class SendMailValidator : AbstractValidator<SendMailCommand>
{
    public SendMailValidator()
    {
        RuleFor(x => x.To).NotEmpty().MaximumLength(300);
        RuleFor(x => x.Subject).NotEmpty().MaximumLength(SendMailCommand.MaxSubjectLength);
        RuleFor(x => x.Body).NotNull().MaximumLength(SendMailCommand.MaxBodyLength);
    }
}
