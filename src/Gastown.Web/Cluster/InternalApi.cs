using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Container;
using Gastown.Web.Streams;
using Microsoft.Extensions.Options;

namespace Gastown.Web.Cluster;

/// <summary>
/// The internal API one node calls on another (decision 0016): for an agent running there, status, stop, a message on
/// stdin and the live stream (<c>/internal/agents/{id}/…</c>); for a branch whose worktree is there, the merge, the
/// commit of what an agent left, the check for changes and the deletion of a kept branch (<c>/internal/branches/…</c>);
/// the clean-up of deleted stores this node owes (<c>/internal/stores/retirements</c>).
/// Not user procedures: they act on this node's own container only, change no
/// ledger, and take no user or agent token — only the cluster secret in <see cref="ClusterSecret.Header"/>, compared
/// in constant time (missing or wrong → 401; no secret configured, as on a lone SQLite node → always 401). Not part
/// of the public API description.
/// </summary>
public static class InternalApi
{
    public static IEndpointRouteBuilder MapInternalApi(this IEndpointRouteBuilder endpoints)
    {
        var agents = endpoints.MapGroup("/internal/agents/{agentId:guid}").ExcludeFromDescription().AllowAnonymous()
            .AddEndpointFilter(RequireClusterSecret);
        var branches = endpoints.MapGroup("/internal/branches").ExcludeFromDescription().AllowAnonymous()
            .AddEndpointFilter(RequireClusterSecret);

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
        // Git work on a branch whose worktree is on this node. It runs to its end even when the caller goes away (its node
        // died): a merge cut short would be retried anyway, and one that finished is found on the remote by the retry.
        branches.MapPost("/merge", async (HttpContext context, ProcessTownContainer local, IHostApplicationLifetime lifetime) =>
            await ReadAsync<MergeRequest>(context) is { Repository: not null, Branch: not null, CommitMessage: not null } request
                ? Results.Ok(InternalResults.From(await local.MergeAsync(request, lifetime.ApplicationStopping)))
                : BodyRequired("'repository', 'branch' and 'commitMessage'"));
        branches.MapPost("/commit-pending", async (HttpContext context, ProcessTownContainer local, IHostApplicationLifetime lifetime) =>
            await ReadAsync<InternalBranchCall>(context) is { Repository: not null, Branch: not null, Message: { } message } call
                ? Results.Ok(InternalResults.From(await local.CommitPendingAsync(null, call.Repository, call.Branch, message, lifetime.ApplicationStopping)))
                : BodyRequired("'repository', 'branch' and 'message'"));
        branches.MapPost("/changes", async (HttpContext context, ProcessTownContainer local, IHostApplicationLifetime lifetime) =>
            await ReadAsync<InternalBranchCall>(context) is { Repository: not null, Branch: not null } call
                ? Results.Ok(InternalResults.From(await local.HasBranchChangesAsync(null, call.Repository, call.Branch, lifetime.ApplicationStopping)))
                : BodyRequired("'repository' and 'branch'"));
        branches.MapPost("/delete", async (HttpContext context, ProcessTownContainer local, IHostApplicationLifetime lifetime) =>
            await ReadAsync<InternalBranchCall>(context) is { Repository: not null, Branch: not null } call
                ? Results.Ok(InternalResults.From(await local.DeleteBranchAsync(null, call.Repository, call.Branch, lifetime.ApplicationStopping)))
                : BodyRequired("'repository' and 'branch'"));
        // A deleted rig's or town's clean-up this node owes (its agents stopped, its workspace removed), done now.
        endpoints.MapPost("/internal/stores/retirements", async (HttpContext context, IHostApplicationLifetime lifetime) =>
        {
            // Only clustered nodes (PostgreSQL) have one; a lone node owes nobody.
            if (context.RequestServices.GetService<ClusterStoreJanitor>() is not { } janitor) return Results.NotFound();
            await janitor.SettleOwedAsync(lifetime.ApplicationStopping);
            return Results.NoContent();
        }).ExcludeFromDescription().AllowAnonymous().AddEndpointFilter(RequireClusterSecret);
        agents.Map("/stream", async (HttpContext context, Guid agentId, AgentEventFeed feed, IHostApplicationLifetime lifetime) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A WebSocket upgrade is required.");
            await AgentStreamEndpoint.ServeLocalAsync(context, agentId, feed, lifetime);
            return Results.Empty;
        });
        return endpoints;
    }

    private static async ValueTask<object?> RequireClusterSecret(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var secret = context.HttpContext.RequestServices.GetRequiredService<IOptions<ClusterOptions>>().Value.Secret;
        return ClusterSecret.Matches(secret, context.HttpContext.Request.Headers[ClusterSecret.Header].ToString())
            ? await next(context)
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The cluster secret is missing or wrong.");
    }

    /// <summary>The JSON body, read after the secret check; null when it is missing, malformed or lacks a required field.</summary>
    private static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<T>(context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException or NotSupportedException)
        {
            return null;
        }
    }

    private static IResult BodyRequired(string what) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"A JSON body with {what} is required.");
}
