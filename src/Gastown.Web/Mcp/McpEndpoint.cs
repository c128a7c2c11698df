using Gastown.Application.Common.Security;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gastown.Web.Mcp;

/// <summary>
/// <c>/mcp</c>: the agent tools over MCP (Streamable HTTP, stateless), for any MCP client: a real agent CLI or the
/// demo agent. Authenticated exactly like the HTTP agent API (the agent session token as a bearer header; anything
/// else is 401). Each request stands alone: no server-side session, so it survives restarts and several nodes.
/// </summary>
public static class McpEndpoint
{
    public const string Path = "/mcp";

    public static IServiceCollection AddGastownMcp(this IServiceCollection services)
    {
        services.AddScoped<AgentToolCall>();
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "gastown", Version = typeof(McpEndpoint).Assembly.GetName().Version?.ToString() ?? "1.0" };
                options.ServerInstructions =
                    "Gastown's agent tools. A polecat: call gt_prime first, keep gt_status current, commit your work on your " +
                    "branch and finish with gt_done (or gt_escalate when stuck). The mayor: answer with gt_reply and hand " +
                    "work to polecats with gt_sling, or a plan of dependent tasks with gt_sling_batch (a convoy).";
                // Tools run in the HTTP request's own scope, where the authenticated actor has been set.
                options.ScopeRequests = false;
            })
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithTools<PolecatTools>()
            .WithTools<MayorTools>()
            .WithRequestFilters(filters =>
            {
                // A polecat sees and may call only polecat tools; the mayor only mayor tools.
                filters.AddListToolsFilter(next => async (context, ct) =>
                {
                    var tools = AgentRoles.ToolsOf(AgentRoles.Of(ActorOf(context)));
                    var result = await next(context, ct);
                    result.Tools = [.. result.Tools.Where(tool => tools.Contains(tool.Name))];
                    return result;
                });
                filters.AddCallToolFilter(next => async (context, ct) =>
                {
                    var role = AgentRoles.Of(ActorOf(context));
                    var name = context.Params?.Name ?? "";
                    if (!AgentRoles.ToolsOf(role).Contains(name))
                        return AgentToolCall.Error($"There is no tool '{name}' for a {role ?? "caller without an agent token"}; tools/list shows yours.");
                    if (MissingArguments(context) is { Count: > 0 } missing)
                        return AgentToolCall.Error("Invalid arguments: " + string.Join(" ", missing.Select(field => $"'{field}' is required.")));
                    return await next(context, ct);
                });
            });
        return services;
    }

    public static IEndpointRouteBuilder MapGastownMcp(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp(Path).RequireAuthorization(AuthenticationPlanes.AgentPolicy);
        // Clients probe GET (a server-to-client stream) and may DELETE a session; a stateless server has neither.
        // 405 tells them so (a missing route would fall to the dashboard's default policy and answer 401).
        endpoints.MapMethods(Path, [HttpMethods.Get, HttpMethods.Delete], (HttpContext context) =>
            {
                context.Response.Headers.Allow = HttpMethods.Post;
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            })
            .RequireAuthorization(AuthenticationPlanes.AgentPolicy)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The required fields of the tool's input schema that the call left out. Checked here so the model is told which
    /// field it missed (the SDK's own binding would answer only that the call failed).
    /// </summary>
    private static IReadOnlyList<string> MissingArguments(RequestContext<CallToolRequestParams> context)
    {
        var tool = context.Services?.GetServices<McpServerTool>().FirstOrDefault(t => t.ProtocolTool.Name == context.Params?.Name);
        if (tool is null || !tool.ProtocolTool.InputSchema.TryGetProperty("required", out var required)) return [];
        var given = context.Params?.Arguments;
        return [.. required.EnumerateArray().Select(field => field.GetString()!)
            .Where(field => given is null || !given.TryGetValue(field, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)];
    }

    /// <summary>The token's actor, also made the actor of the services the tool runs with.</summary>
    private static Actor ActorOf<TParams>(RequestContext<TParams> context)
    {
        var actor = context.User is { } user ? AuthenticationPlanes.ActorOf(user) : Actor.Anonymous;
        context.Services?.GetRequiredService<ActorContext>().Set(actor);
        return actor;
    }
}
