namespace Gastown.Application.AgentApi.CloseBead;

internal sealed class CloseBeadValidator : AbstractValidator<CloseBeadCommand>
{
    public CloseBeadValidator()
    {
        RuleFor(x => x.AgentId).MustBeId();
        RuleFor(x => x.BeadId).MustBeId();
    }
}
