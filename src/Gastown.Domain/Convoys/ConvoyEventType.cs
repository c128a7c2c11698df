namespace Gastown.Domain.Convoys;

/// <summary>
/// On the town feed as <c>convoy_created</c>, <c>convoy_started</c>, … (prefixed there); <c>convoy_landing</c>: a land-mode
/// convoy's beads all merged into its feature branches, its landing merges are in the rigs' review queues.
/// </summary>
public enum ConvoyEventType { Created, Started, Blocked, Landed, Closed, Landing }
