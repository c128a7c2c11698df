using FluentValidation;
using Gastown.Application.Common.Validation;

namespace Gastown.Application.AgentApi.Heartbeat;

internal sealed class HeartbeatValidator : AbstractValidator<Heartbeat>
{
    public HeartbeatValidator() => RuleFor(x => x.AgentId).MustBeId();
}
