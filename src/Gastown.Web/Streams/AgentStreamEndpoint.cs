using System.Net.WebSockets;
using System.Text.Json;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Container;
using Gastown.Web.Security;
using Microsoft.AspNetCore.Authentication;

namespace Gastown.Web.Streams;

/// <summary>
/// The live view of one agent: a WebSocket that takes a stream ticket (not a token: browsers cannot send headers
/// on a WebSocket), sends the agent's buffered history, then its live events, and closes when the process ends.
/// Each client reads from its own bounded queue, so a slow or vanished client never blocks the agent or others.
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

    private static async Task StreamAsync(HttpContext context, Guid townId, Guid agentId, IStreamTickets tickets, AgentEventFeed feed)
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

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var subscription = feed.Subscribe(agentId);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var listening = ListenUntilClosedAsync(socket, clientGone);
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        try
        {
            foreach (var history in subscription.History) await SendAsync(socket, history, json, clientGone.Token);
            await foreach (var live in subscription.Live.ReadAllAsync(clientGone.Token)) await SendAsync(socket, live, json, clientGone.Token);

            var (status, reason) = subscription.Dropped
                ? (WebSocketCloseStatus.PolicyViolation, "client too slow; reconnect to catch up")
                : (WebSocketCloseStatus.NormalClosure, "agent process ended");
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
                // Let the client answer the close (a clean handshake) before the connection goes away.
                await listening.WaitAsync(CloseHandshakeTimeout, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or TimeoutException)
        {
            // The client went away, stopped reading, or never answered the close: nothing more to tell it.
        }
        await clientGone.CancelAsync();
        await listening;
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

    /// <summary>Reads (and ignores) what the client sends, to notice its close frame or disappearance.</summary>
    private static async Task ListenUntilClosedAsync(WebSocket socket, CancellationTokenSource clientGone)
    {
        var buffer = new byte[1024];
        try
        {
            while (!clientGone.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, clientGone.Token);
                if (received.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
        }
        await clientGone.CancelAsync();
    }
}
