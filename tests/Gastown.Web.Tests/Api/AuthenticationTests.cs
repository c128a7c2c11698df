using Gastown.Application.Users.RevokeTokens;

namespace Gastown.Web.Tests.Api;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly GastownApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static readonly string Some = Guid.NewGuid().ToString();

    public static TheoryData<string, string> ApiRoutes => new()
    {
        { "GET", "/api/me" },
        { "GET", "/api/towns" },
        { "POST", "/api/towns" },
        { "GET", $"/api/towns/{Some}" },
        { "POST", $"/api/towns/{Some}/rigs" },
        { "GET", $"/api/rigs/{Some}" },
        { "GET", $"/api/rigs/{Some}/beads" },
        { "GET", $"/api/rigs/{Some}/agents" },
        { "POST", $"/api/rigs/{Some}/sling" },
    };

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { name = "x", gitUrl = "https://example.com/x.git", title = "x" }) : null };

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Every_api_route_is_401_without_a_token(string method, string path) =>
        await (await _app.CreateAnonymousClient().SendAsync(Request(method, path), Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task Every_api_route_is_401_with_a_bad_token(string method, string path) =>
        await (await _app.CreateClientWithToken("gt_not-a-real-token").SendAsync(Request(method, path), Json.Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("gt_token-without-scheme")]
    public async Task A_malformed_authorization_header_is_401(string header)
    {
        var user = await _app.CreateUserAsync();
        var client = _app.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", header.Replace("gt_token", user.Token, StringComparison.Ordinal));

        await (await client.SendAsync(request, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_users_token_signs_in_as_that_user()
    {
        var (alice, http) = await _app.SignInNewUserAsync("alice");

        var me = await http.GetJsonAsync("/api/me");

        me.Id().ShouldBe(alice.Id);
    }

    [Fact]
    public async Task The_bearer_scheme_is_case_insensitive()
    {
        var alice = await _app.CreateUserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        request.Headers.TryAddWithoutValidation("Authorization", $"bearer {alice.Token}");

        await (await _app.CreateAnonymousClient().SendAsync(request, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revoked_token_is_401_at_once()
    {
        var (alice, http) = await _app.SignInNewUserAsync("alice");
        await http.GetJsonAsync("/api/me");

        (await _app.SendAsync(new RevokeTokensCommand(alice.Name))).Value.ShouldBe(1);

        await http.GetJsonAsync("/api/me", HttpStatusCode.Unauthorized);
        await http.GetJsonAsync("/api/towns", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Revoking_one_user_leaves_the_others_signed_in()
    {
        var (alice, aliceHttp) = await _app.SignInNewUserAsync("alice");
        var (_, bobHttp) = await _app.SignInNewUserAsync("bob");

        await _app.SendAsync(new RevokeTokensCommand(alice.Name));

        await aliceHttp.GetJsonAsync("/api/me", HttpStatusCode.Unauthorized);
        await bobHttp.GetJsonAsync("/api/me");
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        var health = await _app.CreateAnonymousClient().GetJsonAsync("/health");
        health.Str("status").ShouldBe("ok");
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_lists_the_dashboard_routes()
    {
        var document = await _app.CreateAnonymousClient().GetJsonAsync("/openapi/v1.json");

        document.Str("openapi").ShouldStartWith("3.");
        var paths = document.GetProperty("paths").PropertyNames();
        paths.ShouldContain("/api/towns");
        paths.ShouldContain("/api/towns/{townId}");
        paths.ShouldContain("/api/towns/{townId}/rigs");
        paths.ShouldContain("/api/rigs/{rigId}");
        paths.ShouldContain("/api/rigs/{rigId}/beads");
        paths.ShouldContain("/api/rigs/{rigId}/agents");
        paths.ShouldContain("/api/rigs/{rigId}/sling");
        paths.ShouldContain("/api/me");
    }

    [Fact]
    public async Task An_unknown_route_still_needs_a_token() =>
        await _app.CreateAnonymousClient().GetJsonAsync("/api/nothing-here", HttpStatusCode.Unauthorized);
}
