namespace Gastown.Application.AgentApi.Prime;

internal sealed class PrimeValidator : AbstractValidator<PrimeQuery>
{
    public PrimeValidator() => RuleFor(x => x.AgentId).MustBeId();
}
