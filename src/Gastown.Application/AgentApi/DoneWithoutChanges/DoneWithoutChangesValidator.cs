namespace Gastown.Application.AgentApi.DoneWithoutChanges;

internal sealed class DoneWithoutChangesValidator : AbstractValidator<DoneWithoutChangesCommand>
{
    public DoneWithoutChangesValidator()
    {
        RuleFor(x => x.Summary)
            .Must(summary => !string.IsNullOrWhiteSpace(summary))
            .WithMessage("'summary' is required with noChanges: say why the bead needs no change.")
            .MaximumLength(Done.DoneCommand.MaxSummaryLength);
    }
}
