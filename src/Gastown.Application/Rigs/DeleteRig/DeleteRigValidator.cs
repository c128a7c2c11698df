namespace Gastown.Application.Rigs.DeleteRig;

internal sealed class DeleteRigValidator : AbstractValidator<DeleteRigCommand>
{
    public DeleteRigValidator() => RuleFor(x => x.RigId).MustBeId();
}
