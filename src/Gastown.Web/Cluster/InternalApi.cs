using System.Text.Json;
using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Container;
using Gastown.Web.Streams;
using Microsoft.Extensions.Options;

namespace Gastown.Web.Cluster;

/// <summary>
/// The internal API one node calls on another for an agent running there (decision 0016): status, stop, a message
/// on stdin, and the live stream. Not user procedures: they act on this node's own container only, change no
/// ledger, and take no user or agent token — only the cluster secret in <see cref="ClusterSecret.Header"/>, compared
/// in constant time (missing or wrong → 401; no secret configured, as on a lone SQLite node → always 401). Not part
/// of the public API description.
/// </summary>
public static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var agents = endpoints.MapGroup("/internal/agents/{agentId:guid}")
            .AllowAnonymous()
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                var secret = context.HttpContext.RequestServices.GetRequiredService<IOptions<ClusterOptions>>().Value.Secret;
                return ClusterSecret.Matches(secret, context.HttpContext.Request.Headers[ClusterSecret.Header].ToString())
                    ? await next(context)
                    : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The cluster secret is missing or wrong.");
            });

        agents.MapGet("/status", (Guid agentId, ProcessTownContainer local) => TypedResults.Ok(InternalAgentStatus.From(local.GetStatus(agentId))));
        agents.MapPost("/stop", async (Guid agentId, ProcessTownContainer local) =>
        {
            await local.StopAgentAsync(agentId, CancellationToken.None);
            return TypedResults.NoContent();
        });
        // The body is read here, after the secret check: a caller without the secret learns nothing from body errors.
        agents.MapPost("/message", async (HttpContext context, Guid agentId, ProcessTownContainer local, CancellationToken ct) =>
        {
            InternalMessage? body;
            try
            {
                body = await context.Request.ReadFromJsonAsync<InternalMessage>(ct);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
            {
                body = null;
            }
            if (body?.Message is not { } message)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A JSON body with 'message' is required.");
            var sent = await local.SendMessageAsync(agentId, message, ct);
            return sent.IsSuccess
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The agent is not running on this node.");
        });
        agents.Map("/stream", async (HttpContext context, Guid agentId, AgentEventFeed feed, IHostApplicationLifetime lifetime) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A WebSocket upgrade is required.");
            await AgentStreamEndpoint.ServeLocalAsync(context, agentId, feed, lifetime);
            return Results.Empty;
        });
        return endpoints;
    }
}
