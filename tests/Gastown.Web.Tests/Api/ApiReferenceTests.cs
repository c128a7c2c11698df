namespace Gastown.Web.Tests.Api;

/// <summary>The API reference page (Scalar) is served by the server itself, without a token, from its own document.</summary>
public sealed class ApiReferenceTests : IAsyncLifetime
{
    private readonly GastownApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_reference_page_is_served_anonymously_with_its_script_and_points_at_the_document()
    {
        var http = _app.CreateAnonymousClient();

        using var page = await http.GetAsync("/api-reference", Json.Ct);
        var html = await page.Content.ReadAsStringAsync(Json.Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        page.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        html.ShouldContain("<title>Gastown API</title>");
        html.ShouldContain("openapi/v1.json");

        foreach (var script in new[] { "/api-reference/scalar.js", "/api-reference/scalar.aspnetcore.js" })
        {
            using var response = await http.GetAsync(script, Json.Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, script);
            (await response.Content.ReadAsByteArrayAsync(Json.Ct)).Length.ShouldBeGreaterThan(0);
        }
        (await http.GetAsync("/openapi/v1.json", Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_dashboard_links_to_the_reference_page()
    {
        var index = await _app.CreateAnonymousClient().GetStringAsync("/", Json.Ct);
        index.ShouldContain("href=\"/api-reference\"");
    }
}
