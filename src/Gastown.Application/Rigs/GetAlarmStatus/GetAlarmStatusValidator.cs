using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Rigs.GetAlarmStatus;

internal sealed class GetAlarmStatusValidator : AbstractValidator<GetAlarmStatusQuery>
{
    public GetAlarmStatusValidator() => RuleFor(x => x.RigId).MustBeId();
}
