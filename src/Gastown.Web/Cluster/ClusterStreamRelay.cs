using System.Net.WebSockets;
using Gastown.Infrastructure.Cluster;
using Gastown.Web.Streams;

namespace Gastown.Web.Cluster;

/// <summary>
/// A stream opened on this node for an agent running on another: this node opens the agent's internal stream on its
/// node and forwards every frame to the client unchanged, then the upstream's close. The client closing (or this node
/// stopping) closes the upstream too. The ticket was redeemed here already; the upstream trusts the cluster secret.
/// </summary>
internal static class ClusterStreamRelay
{
    public static async Task RelayAsync(HttpContext context, Uri node, Guid agentId, ClusterClient cluster, IHostApplicationLifetime lifetime)
    {
        ClientWebSocket upstream;
        try
        {
            upstream = await cluster.OpenStreamAsync(node, agentId, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The agent's node cannot be reached; try again.")
                .ExecuteAsync(context);
            return;
        }

        using (upstream)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(clientGone.Token, lifetime.ApplicationStopping);
            var listening = AgentStreamEndpoint.ListenUntilClosedAsync(socket, clientGone, context.RequestAborted);
            (WebSocketCloseStatus, string)? close = null;
            try
            {
                close = await ForwardAsync(upstream, socket, stopWaiting.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
            {
                // The client left, the upstream broke, or this node is stopping: closed below.
            }

            if (upstream.State == WebSocketState.Open) upstream.Abort();
            if (close is { } upstreamClose) await AgentStreamEndpoint.CloseAsync(socket, listening, upstreamClose);
            else if (socket.State == WebSocketState.CloseReceived) await AgentStreamEndpoint.AnswerCloseAsync(socket);
            else if (lifetime.ApplicationStopping.IsCancellationRequested)
                await AgentStreamEndpoint.CloseAsync(socket, listening, (WebSocketCloseStatus.EndpointUnavailable, "server shutting down; reconnect later"));
            else await AgentStreamEndpoint.CloseAsync(socket, listening, (WebSocketCloseStatus.EndpointUnavailable, "the agent's node went away; reconnect"));
            if (socket.State is WebSocketState.Open or WebSocketState.CloseSent) socket.Abort();
            await clientGone.CancelAsync();
            await listening;
        }
    }

    /// <summary>Copies frames upstream → client until the upstream closes; answers with the upstream's close.</summary>
    private static async Task<(WebSocketCloseStatus, string)> ForwardAsync(ClientWebSocket upstream, WebSocket client, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await upstream.ReceiveAsync(buffer, ct);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                var status = upstream.CloseStatus ?? WebSocketCloseStatus.NormalClosure;
                var description = upstream.CloseStatusDescription ?? "";
                try
                {
                    await upstream.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "relayed", CancellationToken.None);
                }
                catch (WebSocketException)
                {
                }
                return (status, description);
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await client.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, timeout.Token);
        }
    }
}
