namespace Gastown.Application.Beads.GetBeadEvents;

internal sealed class GetBeadEventsValidator : AbstractValidator<GetBeadEventsQuery>
{
    public GetBeadEventsValidator()
    {
        RuleFor(x => x.RigId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
