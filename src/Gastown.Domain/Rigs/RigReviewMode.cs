namespace Gastown.Domain.Rigs;

/// <summary><c>auto</c>: merge as soon as the gates pass; <c>approve</c>: then wait for a person.</summary>
public enum RigReviewMode { Auto, Approve }
