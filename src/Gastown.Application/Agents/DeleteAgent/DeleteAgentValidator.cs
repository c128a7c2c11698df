namespace Gastown.Application.Agents.DeleteAgent;

internal sealed class DeleteAgentValidator : AbstractValidator<DeleteAgentCommand>
{
    public DeleteAgentValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.AgentId).MustBeId();
    }
}
