namespace Gastown.Domain.Convoys;

/// <summary>On the town feed as <c>convoy_created</c>, <c>convoy_started</c>, … (prefixed there).</summary>
public enum ConvoyEventType { Created, Started, Blocked, Landed, Closed }
