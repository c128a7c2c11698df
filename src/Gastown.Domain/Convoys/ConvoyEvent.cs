namespace Gastown.Domain.Convoys;

/// <summary>A line of the town's feed about a convoy: created, started, blocked, landed, closed.</summary>
public sealed record ConvoyEvent(long Id, Guid TownId, Guid ConvoyId, ConvoyEventType Type, string? Detail, DateTimeOffset CreatedAt);
