using System.Net.Http.Headers;
using System.Text;

namespace Gastown.Web.Tests.Api.Hostile;

/// <summary>
/// <c>POST /mcp</c> with a valid agent token and a body the SDK cannot take: a missing, empty or other content type,
/// or a charset other than UTF-8 → 415; a body that is not JSON → 400; both problem details, never a 500. A bad token
/// is 401 whatever the content type.
/// </summary>
public sealed class McpInputTests(BadInputWorld fixture) : IClassFixture<BadInputWorld>
{
    private const string ToolsList = """{"jsonrpc":"2.0","id":1,"method":"tools/list"}""";

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"utf-8\"")]
    [InlineData("application/json; charset=")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/event-stream")]
    [InlineData("application/jsonx")]
    [InlineData("not a media type")]
    public async Task An_unsupported_content_type_is_415(string contentType)
    {
        using var response = await PostAsync(fixture.Polecat.Client, ToolsList, contentType);
        await ShouldBeProblemAsync(response, HttpStatusCode.UnsupportedMediaType, contentType);
    }

    [Theory]
    [InlineData("""{"jsonrpc": """)]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{}{}")]
    public async Task A_body_that_is_not_json_is_400(string body)
    {
        using var response = await PostAsync(fixture.Polecat.Client, body, "application/json");
        await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest, body);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    public async Task Json_in_utf8_reaches_the_tools(string contentType)
    {
        using var response = await PostAsync(fixture.Mayor.Client, ToolsList, contentType);
        var body = await response.Content.ReadAsStringAsync(Json.Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("gt_list_rigs");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("none")]
    [InlineData("application/json; charset=bogus")]
    [InlineData("application/json")]
    public async Task A_bad_token_is_401_whatever_the_content_type(string contentType)
    {
        using var stranger = fixture.World.App.CreateClientWithToken("not-a-token");
        using var response = await PostAsync(stranger, "not json", contentType);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var user = await PostAsync(fixture.World.UserClient, "not json", contentType);
        user.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType != "none") content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await client.SendAsync(request, Json.Ct);
    }

    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string @case)
    {
        var body = await response.Content.ReadAsStringAsync(Json.Ct);
        response.StatusCode.ShouldBe(status, $"{@case}: {body}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().ShouldNotBeNullOrEmpty();
    }
}
