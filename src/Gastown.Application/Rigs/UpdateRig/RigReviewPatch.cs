namespace Gastown.Application.Rigs.UpdateRig;

/// <summary>
/// Changes to a rig's review config (null members stay as they are). <c>gates</c> replaces the whole list
/// (<c>[]</c> clears it); <c>gateTimeout</c> is in seconds; <c>mode</c> is <c>auto</c> or <c>approve</c>.
/// </summary>
public sealed record RigReviewPatch(
    IReadOnlyList<IReadOnlyList<string>>? Gates = null,
    int? GateTimeout = null,
    string? Mode = null,
    int? MaxReviewRounds = null,
    bool? DeleteMergedBranches = null);
