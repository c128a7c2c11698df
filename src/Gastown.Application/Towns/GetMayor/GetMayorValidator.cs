using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Towns.GetMayor;

internal sealed class GetMayorValidator : AbstractValidator<GetMayor>
{
    public GetMayorValidator() => RuleFor(x => x.TownId).MustBeId();
}
