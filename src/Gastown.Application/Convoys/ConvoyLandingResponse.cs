namespace Gastown.Application.Convoys;

/// <summary>
/// Land mode: one rig's feature branch and its landing merge into the rig's default branch — the review entry
/// (<see cref="ReviewId"/>, null until every tracked bead merged) and its status (pending, awaiting_approval, merged, …).
/// </summary>
public sealed record ConvoyLandingResponse(
    Guid RigId, string RigName, string FeatureBranch, Guid? ReviewId, string? ReviewStatus, string? MergeCommit, string? Message);
