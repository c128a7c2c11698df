using System.Net.WebSockets;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Cluster;
using Gastown.Web.Cluster;
using Gastown.Infrastructure.Container;
using Microsoft.AspNetCore.Authentication;

namespace Gastown.Web.Streams;

/// <summary>
/// The live view of one agent: a WebSocket that takes a stream ticket (not a token: browsers cannot send headers
/// on a WebSocket), sends the agent's buffered history, then its live events, and closes when the process ends.
/// Each client reads from its own bounded queue, so a slow or vanished client never blocks the agent or others.
/// Close codes: 1000 the agent process ended, 1001 the server is shutting down (sent at once, so shutdown never
/// waits on a stream), 1008 the client fell too far behind. A client that closes first gets its close answered.
/// </summary>
public static class AgentStreamEndpoint
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapAgentStream(this IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/api/towns/{townId:guid}/agents/{agentId:guid}/stream", StreamAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task StreamAsync(
        HttpContext context, Guid townId, Guid agentId, IStreamTickets tickets, AgentEventFeed feed, IHostApplicationLifetime lifetime,
        AgentLocator locator, ClusterClient cluster)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A WebSocket upgrade is required.").ExecuteAsync(context);
            return;
        }
        if (await RefusalAsync(context, townId, agentId, tickets) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        // An agent running on another node: its node streams it, this one relays the frames (decision 0016).
        if ((await locator.LocateAsync(agentId, context.RequestAborted)).RemoteUrl is { } node)
        {
            await ClusterStreamRelay.RelayAsync(context, node, agentId, cluster, lifetime);
            return;
        }
        await ServeLocalAsync(context, agentId, feed, lifetime);
    }

    /// <summary>The agent's buffered history then its live events, from this node's feed (also the internal stream).</summary>
    internal static async Task ServeLocalAsync(HttpContext context, Guid agentId, AgentEventFeed feed, IHostApplicationLifetime lifetime)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = feed.Subscribe(agentId);
        // Cancelled when the client sends its close frame or goes away; the wait for the next event also ends when
        // the server starts shutting down. Neither token ever cancels a send or a receive in flight, which would
        // abort the socket (a 1006 for the client) instead of closing it.
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(clientGone.Token, lifetime.ApplicationStopping);
        var listening = ListenUntilClosedAsync(socket, clientGone, context.RequestAborted);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        try
        {
            foreach (var history in subscription.History)
            {
                stopWaiting.Token.ThrowIfCancellationRequested();
                await SendAsync(socket, history, json, context.RequestAborted);
            }
            await foreach (var live in subscription.Live.ReadAllAsync(stopWaiting.Token)) await SendAsync(socket, live, json, context.RequestAborted);

            await CloseAsync(socket, listening, subscription.Dropped
                ? (WebSocketCloseStatus.PolicyViolation, "client too slow; reconnect to catch up")
                : (WebSocketCloseStatus.NormalClosure, "agent process ended"));
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client left, stopped reading, or the server is stopping: closed below.
        }

        if (socket.State == WebSocketState.CloseReceived)
            await AnswerCloseAsync(socket);
        else if (lifetime.ApplicationStopping.IsCancellationRequested)
            await CloseAsync(socket, listening, (WebSocketCloseStatus.EndpointUnavailable, "server shutting down; reconnect later"));
        // Whatever else ended the stream (a send timed out, the connection broke): nothing more to say.
        if (socket.State is WebSocketState.Open or WebSocketState.CloseSent) socket.Abort();
        await clientGone.CancelAsync();
        await listening;
    }

    /// <summary>Sends our close frame and gives the client a moment to answer it (a clean handshake); then lets go.</summary>
    internal static async Task CloseAsync(WebSocket socket, Task listening, (WebSocketCloseStatus Status, string Reason) close)
    {
        if (socket.State != WebSocketState.Open) return;
        try
        {
            await socket.CloseOutputAsync(close.Status, close.Reason, CancellationToken.None);
            await listening.WaitAsync(CloseHandshakeTimeout, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or TimeoutException)
        {
            // No answer: the connection goes away without it.
            socket.Abort();
        }
    }

    /// <summary>The client closed first: echo its close so it sees a completed handshake.</summary>
    internal static async Task AnswerCloseAsync(WebSocket socket)
    {
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closed", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
    }

    /// <summary>Null when the ticket is good for this town, agent and (if it presents a token) user.</summary>
    private static async Task<IResult?> RefusalAsync(HttpContext context, Guid townId, Guid agentId, IStreamTickets tickets)
    {
        var value = context.Request.Query["ticket"].ToString();
        if (string.IsNullOrEmpty(value)) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A stream ticket is required.");

        // Redeeming consumes the ticket even when it is then refused, so a ticket cannot be probed.
        var ticket = tickets.Redeem(value);
        if (ticket is null) return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unknown, used or expired stream ticket.");
        if (ticket.TownId != townId || ticket.AgentId != agentId)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This ticket is for another stream.");

        // A client that also shows a dashboard token must be the user the ticket was issued to.
        var user = await context.AuthenticateAsync(AuthenticationPlanes.UserScheme);
        if (user.Succeeded && AuthenticationPlanes.ActorOf(user.Principal).UserId != ticket.UserId)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This ticket belongs to another user.");
        return null;
    }

    private static async Task SendAsync(WebSocket socket, AgentEvent agentEvent, JsonSerializerOptions json, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(SendTimeout);
        await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(agentEvent, json), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
    }

    /// <summary>
    /// Reads (and ignores) what the client sends, to notice its close frame (or its answer to ours) or its
    /// disappearance; only the connection's end cancels the read.
    /// </summary>
    internal static async Task ListenUntilClosedAsync(WebSocket socket, CancellationTokenSource clientGone, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, aborted);
                if (received.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        await clientGone.CancelAsync();
    }
}
