namespace Gastown.Application.Common.Ports;

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
