using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gastown.Infrastructure.Tests.Container.Demo;

/// <summary>A real HTTP server on a free port that answers the two agent-API routes the demo polecat calls.</summary>
public sealed class FakeAgentApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeAgentApi(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public ConcurrentQueue<JsonElement> DoneCalls { get; } = new();

    public static async Task<FakeAgentApi> StartAsync(Guid agentId, object? hookedBead)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var api = new FakeAgentApi(app);

        app.MapGet("/api/agent/{id:guid}/prime", (Guid id, HttpRequest request) =>
        {
            api.AuthorizationHeaders.Enqueue(request.Headers.Authorization.ToString());
            if (id != agentId) return Results.NotFound();
            return Results.Json(new
            {
                agent = new { id = agentId, name = "Maple", role = "polecat" },
                hookedBead,
                undeliveredMail = Array.Empty<object>(),
                openBeads = Array.Empty<object>(),
            });
        });
        app.MapPost("/api/agent/{id:guid}/done", async (Guid id, HttpRequest request) =>
        {
            api.AuthorizationHeaders.Enqueue(request.Headers.Authorization.ToString());
            using var body = await JsonDocument.ParseAsync(request.Body);
            api.DoneCalls.Enqueue(body.RootElement.Clone());
            return id == agentId ? Results.Ok(new { ok = true }) : Results.NotFound();
        });

        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
