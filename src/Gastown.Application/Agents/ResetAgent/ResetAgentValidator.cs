namespace Gastown.Application.Agents.ResetAgent;

internal sealed class ResetAgentValidator : AbstractValidator<ResetAgentCommand>
{
    public ResetAgentValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.AgentId).MustBeId();
    }
}
