using Gastown.Application.Dispatch;

namespace Gastown.Application.Agents.NudgeAgent;

internal sealed class NudgeAgentValidator : AbstractValidator<NudgeAgentCommand>
{
    public NudgeAgentValidator()
    {
        RuleFor(x => x.Message)
            .Must(message => !string.IsNullOrWhiteSpace(message)).WithMessage("'message' is required.")
            .MaximumLength(Nudges.MaxMessageLength).WithMessage($"'message' must be at most {Nudges.MaxMessageLength} characters.");
    }
}
