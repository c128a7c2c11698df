namespace Gastown.Application.Agents.ListAgents;

internal sealed class ListAgentsValidator : AbstractValidator<ListAgentsQuery>
{
    public ListAgentsValidator() => RuleFor(x => x.RigId).MustBeId();
}
