namespace Gastown.Application.Alarms.RunAlarmTick;

internal sealed class RunAlarmTickValidator : AbstractValidator<RunAlarmTickCommand>
{
    public RunAlarmTickValidator() => RuleFor(x => x.StoreId).MustBeId();
}
