namespace Gastown.Application.AgentApi.UpdateBeadStatus;

internal sealed class UpdateBeadStatusValidator : AbstractValidator<UpdateBeadStatusCommand>
{
    public UpdateBeadStatusValidator()
    {
        RuleFor(x => x.Status)
            .Must(status => UpdateBeadStatusCommand.Allowed.Contains(status))
            .WithMessage($"'status' must be one of {string.Join(", ", UpdateBeadStatusCommand.Allowed)}.");
    }
}
