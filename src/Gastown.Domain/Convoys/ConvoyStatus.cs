namespace Gastown.Domain.Convoys;

/// <summary>
/// <c>creating</c>: being written (its beads invisible to dispatch; recovery completes or rolls it back);
/// <c>staged</c>: planned, nothing dispatched until started; <c>active</c>: its ready beads are dispatched;
/// <c>blocked</c>: a tracked bead failed, was escalated or cancelled (its dependents wait);
/// <c>landing</c>: the landing merges run (land mode); <c>landed</c>: every tracked bead merged (once);
/// <c>closed</c>: closed by a person, its open beads cancelled.
/// </summary>
public enum ConvoyStatus { Creating, Staged, Active, Blocked, Landing, Landed, Closed }
