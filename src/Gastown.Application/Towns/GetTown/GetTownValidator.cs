using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Towns.GetTown;

internal sealed class GetTownValidator : AbstractValidator<GetTown>
{
    public GetTownValidator() => RuleFor(x => x.TownId).MustBeId();
}
