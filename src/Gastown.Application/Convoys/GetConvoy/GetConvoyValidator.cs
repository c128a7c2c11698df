namespace Gastown.Application.Convoys.GetConvoy;

internal sealed class GetConvoyValidator : AbstractValidator<GetConvoyQuery>
{
    public GetConvoyValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
    }
}
