using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.Rigs.DeleteRig;

internal sealed class DeleteRigValidator : AbstractValidator<DeleteRig>
{
    public DeleteRigValidator() => RuleFor(x => x.RigId).MustBeId();
}
