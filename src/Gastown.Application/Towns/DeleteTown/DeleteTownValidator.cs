namespace Gastown.Application.Towns.DeleteTown;

internal sealed class DeleteTownValidator : AbstractValidator<DeleteTownCommand>
{
    public DeleteTownValidator() => RuleFor(x => x.TownId).MustBeId();
}
