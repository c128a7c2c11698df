using Gastown.Application.Dispatch;

namespace Gastown.Application.Reviews.RejectReview;

/// <summary>
/// Rejects an entry that waits for a person, with feedback: changes are requested, as after a failed gate — the bead
/// goes back to its polecat (when free) on the same branch with the feedback in its mail and gt_prime, or escalates
/// once the rig's maxReviewRounds are used up. A convoy's landing merge rejected blocks its convoy with the feedback
/// (the mayor is told once). Only an entry awaiting approval can be rejected (else 409).
/// </summary>
public sealed record RejectReviewCommand(Guid RigId, Guid ReviewId, string Feedback) : ICommand<Result<ReviewResponse>>, IRigRequest
{
    public override string ToString() => $"RejectReviewCommand {{ RigId = {RigId}, ReviewId = {ReviewId} }}";
}

internal sealed class RejectReviewHandler(ILedgerStores ledgers, TownSettings settings, ConvoyTracker convoys, TimeProvider clock)
    : ICommandHandler<RejectReviewCommand, Result<ReviewResponse>>
{
    public async ValueTask<Result<ReviewResponse>> Handle(RejectReviewCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var review = await settings.ReviewAsync(command.RigId, cancellationToken);
        ReviewEntry rejected;
        await using (var ledger = await ledgers.OpenAsync(command.RigId, LedgerAccess.Write, cancellationToken))
        {
            var entry = await ledger.Reviews.GetAsync(command.ReviewId, cancellationToken);
            if (entry is null) return Result.NotFound("Review not found.");
            if (!entry.IsAwaitingApproval) return Result.Conflict($"The review is {Domain.EnumText.ToText(entry.Status)}, not awaiting approval.");

            var feedback = command.Feedback.Trim();
            rejected = entry.Reject(feedback, now);
            await ledger.Reviews.UpdateAsync(rejected, cancellationToken);
            if (await ledger.Beads.GetAsync(entry.BeadId, cancellationToken) is { } bead)
                await ReviewRounds.RequestChangesAsync(ledger, rejected, bead, $"A reviewer asked for changes: {feedback}", review.MaxReviewRounds, now, cancellationToken);
            await ledger.CommitAsync(cancellationToken);
        }
        // A convoy's landing merge rejected: the convoy is blocked with the reviewer's words (decision 0029).
        if (rejected.IsLanding) await convoys.EvaluateAsync(rejected.BeadId, cancellationToken);
        return ReviewResponse.From(rejected);
    }
}
