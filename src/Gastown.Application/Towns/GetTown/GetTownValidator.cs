namespace Gastown.Application.Towns.GetTown;

internal sealed class GetTownValidator : AbstractValidator<GetTownQuery>
{
    public GetTownValidator() => RuleFor(x => x.TownId).MustBeId();
}
