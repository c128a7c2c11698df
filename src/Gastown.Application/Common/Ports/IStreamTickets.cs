namespace Gastown.Application.Common.Ports;

/// <summary>A single-use pass to one agent's live stream, bound to the user, the town and the agent.</summary>
public sealed record StreamTicket(string Value, Guid TownId, Guid AgentId, Guid UserId, DateTimeOffset ExpiresAt);

/// <summary>
/// Stream tickets: random (256 bits), short-lived (60 s), good once. Browsers cannot send an Authorization header
/// on a WebSocket, so the dashboard trades its token for a ticket and the stream endpoint takes only that.
/// </summary>
public interface IStreamTickets
{
    StreamTicket Issue(Guid townId, Guid agentId, Guid userId);

    /// <summary>Consumes the ticket (whatever happens next, it cannot be used again); null when unknown, used or expired.</summary>
    StreamTicket? Redeem(string value);
}

/// <summary>This server's public base address (Gastown:PublicBaseUrl, else the address it listens on).</summary>
public interface IPublicAddress
{
    Uri BaseUrl { get; }
}
