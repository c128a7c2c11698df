namespace Gastown.Application.Convoys.StartConvoy;

internal sealed class StartConvoyValidator : AbstractValidator<StartConvoyCommand>
{
    public StartConvoyValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
    }
}
