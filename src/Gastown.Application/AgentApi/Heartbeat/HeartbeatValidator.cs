namespace Gastown.Application.AgentApi.Heartbeat;

internal sealed class HeartbeatValidator : AbstractValidator<HeartbeatCommand>
{
    public HeartbeatValidator() => RuleFor(x => x.AgentId).MustBeId();
}
