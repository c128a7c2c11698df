namespace Gastown.Application.Towns.UpdateTown;

internal sealed class UpdateTownValidator : AbstractValidator<UpdateTownCommand>
{
    public UpdateTownValidator()
    {
        RuleFor(x => x.Name).MustBeName();
    }
}
