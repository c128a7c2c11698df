namespace Gastown.Application.Rigs.GetRig;

internal sealed class GetRigValidator : AbstractValidator<GetRigQuery>
{
    public GetRigValidator() => RuleFor(x => x.RigId).MustBeId();
}
