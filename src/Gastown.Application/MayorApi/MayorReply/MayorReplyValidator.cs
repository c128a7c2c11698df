namespace Gastown.Application.MayorApi.MayorReply;

internal sealed class MayorReplyValidator : AbstractValidator<MayorReplyCommand>
{
    public MayorReplyValidator()
    {
        RuleFor(x => x.Message)
            .Must(message => !string.IsNullOrWhiteSpace(message)).WithMessage("'message' must not be empty.")
            .MaximumLength(MayorReplyCommand.MaxMessageLength).WithMessage($"'message' must be at most {MayorReplyCommand.MaxMessageLength} characters.");
        RuleFor(x => x.InReplyTo).Must(id => id != Guid.Empty).When(x => x.InReplyTo is not null)
            .WithMessage("'inReplyTo' must be a UUID.");
    }
}
