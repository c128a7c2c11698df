namespace Gastown.Application.Dispatch;

/// <summary>A land-mode convoy's landing merge in one rig: its feature branch and the review entry (null: not created yet).</summary>
public sealed record ConvoyLanding(Guid RigId, string RigName, string FeatureBranch, ReviewEntry? Entry);
