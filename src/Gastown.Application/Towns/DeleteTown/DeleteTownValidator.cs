using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Towns.DeleteTown;

internal sealed class DeleteTownValidator : AbstractValidator<DeleteTown>
{
    public DeleteTownValidator() => RuleFor(x => x.TownId).MustBeId();
}
