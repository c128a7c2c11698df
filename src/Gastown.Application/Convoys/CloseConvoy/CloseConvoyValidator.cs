namespace Gastown.Application.Convoys.CloseConvoy;

internal sealed class CloseConvoyValidator : AbstractValidator<CloseConvoyCommand>
{
    public CloseConvoyValidator()
    {
        RuleFor(x => x.TownId).MustBeId();
        RuleFor(x => x.ConvoyId).MustBeId();
    }
}
