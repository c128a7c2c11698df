using Gastown.Application.Dispatch;

namespace Gastown.Application.Reviews.ApproveReview;

/// <summary>
/// Approves an entry that waits for a person: it is queued for the merge, which the rig's next alarm tick performs
/// (re-running the gates first when the default branch moved since they passed). The answer comes at once (202):
/// the HTTP API never waits on git. Only an entry awaiting approval can be approved (else 409).
/// </summary>
public sealed record ApproveReviewCommand(Guid RigId, Guid ReviewId) : ICommand<Result<ReviewResponse>>, IRigRequest;

internal sealed class ApproveReviewHandler(ILedgerStores ledgers, TimeProvider clock) : ICommandHandler<ApproveReviewCommand, Result<ReviewResponse>>
{
    public async ValueTask<Result<ReviewResponse>> Handle(ApproveReviewCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken);
        var entry = await ledger.Reviews.GetAsync(command.ReviewId, cancellationToken);
        if (entry is null) return Result.NotFound("Review not found.");
        if (!entry.IsAwaitingApproval) return Result.Conflict($"The review is {Domain.EnumText.ToText(entry.Status)}, not awaiting approval.");

        var approved = entry.Approve(now);
        await ledger.Reviews.UpdateAsync(approved, cancellationToken);
        if (await ledger.Beads.GetAsync(entry.BeadId, cancellationToken) is { } bead)
            await ledger.SaveAsync(bead.Approve(entry.Branch, now), cancellationToken);
        await ledger.Alarm.ArmAsync(now, cancellationToken);
        await ledger.CommitAsync(cancellationToken);
        return ReviewResponse.From(approved);
    }
}
