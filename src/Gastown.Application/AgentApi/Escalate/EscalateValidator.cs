namespace Gastown.Application.AgentApi.Escalate;

internal sealed class EscalateValidator : AbstractValidator<EscalateCommand>
{
    public EscalateValidator()
    {
        RuleFor(x => x.Title).MustBeBeadTitle();
        RuleFor(x => x.Body).MustBeBeadBody();
        RuleFor(x => x.Priority)
            .Must(priority => EnumText.TryParse<BeadPriority>(priority, out _)).When(x => x.Priority is not null)
            .WithMessage($"'priority' must be one of {string.Join(", ", EnumText.Names<BeadPriority>())}.");
    }
}
