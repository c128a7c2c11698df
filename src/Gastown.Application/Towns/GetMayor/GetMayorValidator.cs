namespace Gastown.Application.Towns.GetMayor;

internal sealed class GetMayorValidator : AbstractValidator<GetMayorQuery>
{
    public GetMayorValidator() => RuleFor(x => x.TownId).MustBeId();
}
