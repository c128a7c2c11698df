namespace Gastown.Application.Common.Ports;

/// <summary>A single-use pass to one agent's live stream, bound to the user, the town and the agent.</summary>
public sealed record StreamTicket(string Value, Guid TownId, Guid AgentId, Guid UserId, DateTimeOffset ExpiresAt);
