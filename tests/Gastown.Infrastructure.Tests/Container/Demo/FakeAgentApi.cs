using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Gastown.Infrastructure.Tests.Container.Demo;

/// <summary>
/// A real MCP server (the SDK's, Streamable HTTP on a free port) that answers the three agent tools the demo polecat
/// calls — gt_prime, gt_status, gt_done — for one session token, and records what it was sent.
/// </summary>
public sealed class FakeAgentApi : IAsyncDisposable
{
    public const string Token = "session-token";

    private readonly WebApplication _app;

    private FakeAgentApi(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public ConcurrentQueue<JsonElement> DoneCalls { get; } = new();

    public ConcurrentQueue<string> StatusLines { get; } = new();

    /// <param name="agentId">The agent the token belongs to; another token is refused (401).</param>
    /// <param name="hookedBead">What gt_prime answers as the hooked bead.</param>
    /// <param name="refuse">When set, every tool answers this tool error instead.</param>
    public static async Task<FakeAgentApi> StartAsync(Guid agentId, object? hookedBead, string? refuse = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        FakeAgentApi? api = null;
        CallToolResult Answer(object value) => refuse is not null
            ? new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = refuse }] }
            : new CallToolResult { Content = [new TextContentBlock { Text = JsonSerializer.Serialize(value, JsonSerializerOptions.Web) }] };

        builder.Services.AddMcpServer()
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithTools([
                McpServerTool.Create(() => Answer(new
                {
                    agent = new { id = agentId, name = "Maple", role = "polecat" },
                    hookedBead,
                    undeliveredMail = Array.Empty<object>(),
                    openBeads = Array.Empty<object>(),
                }), new McpServerToolCreateOptions { Name = "gt_prime" }),
                McpServerTool.Create((string message) =>
                {
                    api!.StatusLines.Enqueue(message);
                    return Answer(new { id = agentId, statusLine = message });
                }, new McpServerToolCreateOptions { Name = "gt_status" }),
                McpServerTool.Create((string? summary) =>
                {
                    api!.DoneCalls.Enqueue(JsonSerializer.SerializeToElement(new { summary }));
                    return Answer(new { id = Guid.NewGuid(), agentId, status = "pending" });
                }, new McpServerToolCreateOptions { Name = "gt_done" }),
            ]);
        var app = builder.Build();
        api = new FakeAgentApi(app);

        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            api.AuthorizationHeaders.Enqueue(authorization);
            if (authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        app.MapMcp("/mcp");

        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
