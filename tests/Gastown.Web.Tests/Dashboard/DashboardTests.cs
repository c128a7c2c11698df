using System.Net;
using Gastown.Web.Tests.Support;

namespace Gastown.Web.Tests.Dashboard;

/// <summary>The static dashboard is served without a token; the API behind it still needs one.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly GastownApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    public async Task The_dashboard_files_are_served_anonymously(string path, string contentType)
    {
        using var response = await _app.CreateAnonymousClient().GetAsync(path, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
    }

    [Fact]
    public async Task The_page_loads_its_script_and_the_api_stays_closed()
    {
        var anonymous = _app.CreateAnonymousClient();
        var page = await anonymous.GetStringAsync("/", TestContext.Current.CancellationToken);

        page.ShouldContain("app.js");
        (await anonymous.GetAsync("/api/towns", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/no-such-file.js", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
