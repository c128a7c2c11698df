using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gastown.Web.OpenApi;

/// <summary>
/// What the generated document cannot see on its own: the two bearer schemes (a dashboard user's token for /api, an
/// agent's session token for /api/agent), which one each operation needs, and the agent stream's WebSocket route.
/// </summary>
public static class GastownOpenApi
{
    public const string UserScheme = "userToken";
    public const string AgentScheme = "agentSessionToken";
    public const string StreamPath = "/api/towns/{townId}/agents/{agentId}/stream";

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Gastown";
            document.Info.Description =
                "The control plane for fleets of coding agents. Errors are problem details (application/problem+json): " +
                "400 names each bad field (validation problem details), 401 no or bad token, 403 an agent reaching past " +
                "itself, 404 missing or someone else's, 409 conflict, 415 a body that is not JSON, 503 unavailable. " +
                "JSON is camelCase; enum values are lowercase words (in_progress, merge_request).";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[UserScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A dashboard user's API token (gt_…), as issued by the operator's `users add` / `users token`.",
            };
            document.Components.SecuritySchemes[AgentScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An agent process's session token (GASTOWN_SESSION_TOKEN), good for its own agent and generation only.",
            };
            document.Paths ??= [];
            document.Paths[StreamPath] = StreamRoute();
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<NextCursorHeaderAttribute>().Any() && operation.Responses?.GetValueOrDefault("200") is OpenApiResponse page)
            {
                page.Headers ??= new Dictionary<string, IOpenApiHeader>();
                page.Headers[ResultHttp.NextCursorHeader] = new OpenApiHeader
                {
                    Description = "The cursor of the next page (pass it as `cursor`); absent on the last page.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            if (metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
            var agent = metadata.OfType<IAuthorizeData>().Any(data => data.Policy == AuthenticationPlanes.AgentPolicy);
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(agent ? AgentScheme : UserScheme, context.Document)] = [],
            });
            return Task.CompletedTask;
        });
    }

    /// <summary>OpenAPI has no WebSockets: the upgrade and its refusals as an operation, the rest in its description.</summary>
    private static OpenApiPathItem StreamRoute()
    {
        static OpenApiResponse Problem(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") },
            },
        };
        static OpenApiParameter Id(string name) => new()
        {
            Name = name, In = ParameterLocation.Path, Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        };

        var operation = new OpenApiOperation
        {
            OperationId = "StreamAgent",
            Tags = new HashSet<OpenApiTagReference> { new("Streams") },
            Summary = "Watch an agent live (WebSocket).",
            Description =
                "A WebSocket, not a JSON call: send a WebSocket upgrade (GET with `Upgrade: websocket`, or HTTP/2 " +
                "CONNECT) carrying the one-use `ticket` from `GET /api/towns/{townId}/agents/{agentId}/stream-url` " +
                "(browsers cannot send an Authorization header on a WebSocket, so the ticket is the credential; a client " +
                "that also sends a user token must be the ticket's user).\n\n" +
                "Before the upgrade the server refuses with problem details: 400 not a WebSocket request, 401 no, unknown, " +
                "used or expired ticket, 403 a ticket for another town, agent or user.\n\n" +
                "After the upgrade (101) every text message is one JSON agent event " +
                "`{agentId, kind, text, at, …}` (kinds: output, status, text, tool_call, tool_result, error, usage): first the " +
                "agent's buffered history, then live events. The client sends nothing but its close frame. Close codes: " +
                "**1000** the agent process ended; **1001** the server is shutting down (reconnect later); **1008** the client " +
                "read too slowly and events were dropped (reconnect to catch up). A client that closes first gets the " +
                "close handshake answered.",
            Parameters =
            [
                Id("townId"),
                Id("agentId"),
                new OpenApiParameter
                {
                    Name = "ticket", In = ParameterLocation.Query, Required = true,
                    Description = "The one-use stream ticket.", Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            ],
            Responses = new OpenApiResponses
            {
                ["101"] = new OpenApiResponse { Description = "Switching Protocols: the WebSocket is open." },
                ["400"] = Problem("Not a WebSocket upgrade request."),
                ["401"] = Problem("No ticket, or an unknown, used or expired one."),
                ["403"] = Problem("The ticket is for another town, agent or user."),
            },
            // Anonymous as far as bearer tokens go: the ticket in the query string is the credential.
            Security = [],
        };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
    }
}
