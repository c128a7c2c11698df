namespace Gastown.Application.AgentApi.CheckMail;

internal sealed class CheckMailValidator : AbstractValidator<CheckMailCommand>
{
    public CheckMailValidator() => RuleFor(x => x.AgentId).MustBeId();
}
