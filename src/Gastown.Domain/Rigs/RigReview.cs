namespace Gastown.Domain.Rigs;

/// <summary>
/// How a rig reviews a finished branch before it reaches the default branch: the gate commands (argument lists, run
/// in order in the merge worktree before the push), their time limit, whether a person approves, how many
/// request-changes rounds a bead gets before it escalates, and whether merged branches are deleted.
/// </summary>
public sealed record RigReview(
    IReadOnlyList<IReadOnlyList<string>> Gates,
    int GateTimeoutSeconds,
    RigReviewMode Mode,
    int MaxReviewRounds,
    bool DeleteMergedBranches)
{
    public const int DefaultGateTimeoutSeconds = 600;
    public const int DefaultMaxReviewRounds = 3;
    public const int MaxGates = 10;
    public const int MaxArguments = 64;
    public const int MaxArgumentLength = 1024;
    public const int MinGateTimeoutSeconds = 1;
    public const int MaxGateTimeoutSeconds = 3600;
    public const int MaxRounds = 20;

    /// <summary>What a rig without its own review config does: no gates, auto-merge, merged branches deleted.</summary>
    public static RigReview Default { get; } =
        new([], DefaultGateTimeoutSeconds, RigReviewMode.Auto, DefaultMaxReviewRounds, DeleteMergedBranches: true);
}
