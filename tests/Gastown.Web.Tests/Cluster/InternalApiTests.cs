using System.Net;
using System.Net.Http.Json;
using Gastown.Infrastructure.Cluster;
using Gastown.Web.Tests.Support;

namespace Gastown.Web.Tests.Cluster;

/// <summary>The node-to-node API (/internal/...) takes only the cluster secret, and is not in the public API description.</summary>
public sealed class InternalApiTests
{
    private const string Secret = "a-cluster-secret-for-tests-only";

    [Fact]
    public async Task A_missing_or_wrong_secret_is_refused_with_401()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var agentId = Guid.NewGuid();
        var http = app.CreateAnonymousClient();

        (await http.GetAsync($"/internal/agents/{agentId}/status", Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", Secret + "x")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, $"/internal/agents/{agentId}/stop", "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(http, HttpMethod.Post, $"/internal/agents/{agentId}/message", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A dashboard token is no substitute for the secret.
        var admin = app.CreateClientFor(await app.CreateUserAsync());
        (await admin.GetAsync($"/internal/agents/{agentId}/status", Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_right_secret_reaches_this_nodes_container()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Cluster:Secret"] = Secret });
        var agentId = Guid.NewGuid();
        var http = app.CreateAnonymousClient();

        using var status = await SendAsync(http, HttpMethod.Get, $"/internal/agents/{agentId}/status", Secret);
        status.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await status.Content.ReadFromJsonAsync<InternalAgentStatus>(Json.Ct))!.State.ShouldBe("not_found");

        using var message = new HttpRequestMessage(HttpMethod.Post, $"/internal/agents/{agentId}/message")
        {
            Content = JsonContent.Create(new InternalMessage("hello")),
        };
        message.Headers.Add(ClusterSecret.Header, Secret);
        (await http.SendAsync(message, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_lone_node_without_a_secret_refuses_every_internal_call()
    {
        await using var app = new GastownApp();
        var http = app.CreateAnonymousClient();
        (await SendAsync(http, HttpMethod.Get, $"/internal/agents/{Guid.NewGuid()}/status", "")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_internal_routes_are_not_in_the_openapi_document()
    {
        await using var app = new GastownApp();
        var document = await app.CreateAnonymousClient().GetStringAsync("/openapi/v1.json", Json.Ct);
        document.ShouldNotContain("/internal/");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? secret)
    {
        using var request = new HttpRequestMessage(method, path);
        if (secret is not null) request.Headers.Add(ClusterSecret.Header, secret);
        return await http.SendAsync(request, Json.Ct);
    }
}
