namespace Gastown.Application.Agents.GetAgentStreamUrl;

internal sealed class GetAgentStreamUrlValidator : AbstractValidator<GetAgentStreamUrlQuery>
{
    public GetAgentStreamUrlValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.AgentId).MustBeId();
    }
}
