namespace Gastown.Application.Convoys.ListConvoys;

internal sealed class ListConvoysValidator : AbstractValidator<ListConvoysQuery>
{
    public ListConvoysValidator()
    {
        RuleFor(x => x.Status)
            .Must(status => status is null || (EnumText.TryParse<ConvoyStatus>(status, out var parsed) && parsed != ConvoyStatus.Creating))
            .WithMessage("'status' must be one of staged, active, blocked, landing, landed, closed.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListConvoysQuery.MaxLimit).WithMessage($"'limit' must be 1..{ListConvoysQuery.MaxLimit}.");
    }
}
