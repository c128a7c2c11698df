namespace Gastown.Application.Deletions.FinishDeletion;

internal sealed class FinishDeletionValidator : AbstractValidator<FinishDeletionCommand>
{
    public FinishDeletionValidator() => RuleFor(x => x.StoreId).MustBeId();
}
