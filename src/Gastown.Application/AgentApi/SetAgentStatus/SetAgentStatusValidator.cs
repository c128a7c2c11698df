namespace Gastown.Application.AgentApi.SetAgentStatus;

internal sealed class SetAgentStatusValidator : AbstractValidator<SetAgentStatusCommand>
{
    public SetAgentStatusValidator()
    {
        RuleFor(x => x.Message)
            .Must(message => !string.IsNullOrWhiteSpace(message)).WithMessage("'message' must not be empty.")
            .MaximumLength(SetAgentStatusCommand.MaxLength).WithMessage($"'message' must be at most {SetAgentStatusCommand.MaxLength} characters.")
            .Must(message => message is null || !message.Any(char.IsControl))
            .WithMessage("'message' must be one line (no line breaks or control characters).");
    }
}
