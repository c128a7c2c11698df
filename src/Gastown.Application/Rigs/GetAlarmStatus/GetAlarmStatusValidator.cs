namespace Gastown.Application.Rigs.GetAlarmStatus;

internal sealed class GetAlarmStatusValidator : AbstractValidator<GetAlarmStatusQuery>
{
    public GetAlarmStatusValidator() => RuleFor(x => x.RigId).MustBeId();
}
