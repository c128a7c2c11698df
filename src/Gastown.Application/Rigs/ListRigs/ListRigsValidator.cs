namespace Gastown.Application.Rigs.ListRigs;

internal sealed class ListRigsValidator : AbstractValidator<ListRigsQuery>
{
    public ListRigsValidator() => RuleFor(x => x.TownId).MustBeId();
}
