namespace Gastown.Application.Towns.GetTownConfig;

internal sealed class GetTownConfigValidator : AbstractValidator<GetTownConfigQuery>
{
    public GetTownConfigValidator() => RuleFor(x => x.TownId).MustBeId();
}
