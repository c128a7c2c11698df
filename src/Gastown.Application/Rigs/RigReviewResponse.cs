namespace Gastown.Application.Rigs;

/// <summary>A rig's effective review config (its own, else the defaults); <c>gateTimeout</c> in seconds.</summary>
public sealed record RigReviewResponse(
    IReadOnlyList<IReadOnlyList<string>> Gates, int GateTimeout, string Mode, int MaxReviewRounds, bool DeleteMergedBranches)
{
    public static RigReviewResponse From(RigReview review) =>
        new(review.Gates, review.GateTimeoutSeconds, review.Mode.ToText(), review.MaxReviewRounds, review.DeleteMergedBranches);
}
