namespace Gastown.Application.Rigs.CheckRigHealth;

internal sealed class CheckRigHealthValidator : AbstractValidator<CheckRigHealthCommand>
{
    public CheckRigHealthValidator() => RuleFor(x => x.RigId).MustBeId();
}
