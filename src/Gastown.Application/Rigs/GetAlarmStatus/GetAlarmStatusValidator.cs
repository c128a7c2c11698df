using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Rigs.GetAlarmStatus;

internal sealed class GetAlarmStatusValidator : AbstractValidator<GetAlarmStatus>
{
    public GetAlarmStatusValidator() => RuleFor(x => x.RigId).MustBeId();
}
