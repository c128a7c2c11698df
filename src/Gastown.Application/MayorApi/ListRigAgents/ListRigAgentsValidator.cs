namespace Gastown.Application.MayorApi.ListRigAgents;

internal sealed class ListRigAgentsValidator : AbstractValidator<ListRigAgentsQuery>
{
    public ListRigAgentsValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.RigId).MustBeId();
    }
}
