namespace Gastown.Application.Towns.CreateTown;

internal sealed class CreateTownValidator : AbstractValidator<CreateTownCommand>
{
    public CreateTownValidator() => RuleFor(x => x.Name).MustBeName();
}
