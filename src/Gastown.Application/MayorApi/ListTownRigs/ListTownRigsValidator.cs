namespace Gastown.Application.MayorApi.ListTownRigs;

internal sealed class ListTownRigsValidator : AbstractValidator<ListTownRigsQuery>
{
    public ListTownRigsValidator() => RuleFor(x => x.AgentId).MustBeId();
}
