using Gastown.Application.Dispatch;

namespace Gastown.Application.MayorApi.MayorNudge;

internal sealed class MayorNudgeValidator : AbstractValidator<MayorNudgeCommand>
{
    public MayorNudgeValidator()
    {
        RuleFor(x => x.Agent)
            .Must(agent => !string.IsNullOrWhiteSpace(agent)).WithMessage("'agent' is required: a polecat's identity (e.g. 'web/polecats/Maple') or id.")
            .MaximumLength(300);
        RuleFor(x => x.Message)
            .Must(message => !string.IsNullOrWhiteSpace(message)).WithMessage("'message' is required.")
            .MaximumLength(Nudges.MaxMessageLength).WithMessage($"'message' must be at most {Nudges.MaxMessageLength} characters.");
    }
}
