using System.Net.Http.Headers;
using System.Text;

namespace Gastown.Web.Tests.Api;

/// <summary>One server for every bad-input case: none of them changes anything, so they can share it.</summary>
public sealed class BadInputWorld : IAsyncLifetime
{
    public ApiWorld World { get; private set; } = null!;
    public AgentSession Polecat { get; private set; } = null!;
    public AgentSession Mayor { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        World = await ApiWorld.CreateAsync();
        Polecat = await World.NewPolecatAsync();
        Mayor = await World.MayorAsync();
    }

    public ValueTask DisposeAsync() => World.DisposeAsync();
}

/// <summary>
/// Every route that takes a body, fed malformed JSON, a wrong or broken charset, a wrong media type, missing required
/// fields and wrong types: a 4xx problem (400 naming what is wrong where it can), never a 5xx.
/// </summary>
public sealed class BadInputTests(BadInputWorld fixture) : IClassFixture<BadInputWorld>
{
    /// <summary>A route with a body: how to reach it, a valid body, its required fields, and a body with a wrong type.</summary>
    private sealed record BodyRoute(
        string Name, Func<BadInputWorld, (HttpClient Client, string Path)> Target, string Valid, string[] Required, string WrongType, string Method = "POST");

    private static readonly BodyRoute[] Routes =
    [
        new("createTown", f => (f.World.UserClient, "/api/towns"), """{"name":"beta"}""", ["name"], """{"name":5}"""),
        new("createRig", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}/rigs"),
            """{"name":"api","gitUrl":"https://127.0.0.1:1/x.git"}""", ["name", "gitUrl"], """{"name":"api","gitUrl":5}"""),
        new("sendMessage", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}/messages"), """{"message":"hi"}""", ["message"], """{"message":[]}"""),
        new("sling", f => (f.World.UserClient, $"/api/rigs/{f.World.QuietRigId}/sling"), """{"title":"t"}""", ["title"], """{"title":{}}"""),
        new("updateBeadStatus", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/beads/{f.Polecat.HookedBeadId}/status"),
            """{"status":"open"}""", ["status"], """{"status":1}"""),
        new("done", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/done"), """{"summary":"s"}""", [], """{"branch":5}"""),
        new("sendMail", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/mail"),
            """{"to":"x","subject":"s","body":"b"}""", ["to", "subject", "body"], """{"to":true,"subject":"s","body":"b"}"""),
        new("escalate", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/escalations"), """{"title":"help"}""", ["title"], """{"title":1.5}"""),
        new("checkpoint", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/checkpoint"), """{"data":{"step":1}}""", ["data"], """{"data":null}"""),
        new("mayorSling", f => (f.Mayor.Client, $"/api/agent/{f.Mayor.AgentId}/town/rigs/{f.World.QuietRigId}/sling"),
            """{"title":"t"}""", ["title"], """{"title":false}"""),
        new("setAgentStatus", f => (f.Polecat.Client, $"/api/agent/{f.Polecat.AgentId}/status"), """{"message":"reading"}""", ["message"], """{"message":3}"""),
        new("updateTown", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}"), """{"name":"renamed"}""", ["name"], """{"name":7}""", "PATCH"),
        new("updateTownConfig", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}/config"), """{"maxPolecatsPerRig":3}""", [], """{"maxPolecatsPerRig":"many"}""", "PATCH"),
        new("updateRig", f => (f.World.UserClient, $"/api/rigs/{f.World.QuietRigId}"), """{"maxPolecats":2}""", [], """{"maxPolecats":"two"}""", "PATCH"),
        new("updateBead", f => (f.World.UserClient, $"/api/rigs/{f.World.QuietRigId}/beads/{f.Polecat.HookedBeadId}"), """{"title":"t2"}""", [], """{"title":5}""", "PATCH"),
        new("mayorReply", f => (f.Mayor.Client, $"/api/agent/{f.Mayor.AgentId}/town/replies"), """{"message":"hello"}""", ["message"], """{"message":{}}"""),
        new("createConvoy", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}/convoys"),
            """{"title":"t","tasks":[{"rig":"quiet","title":"a"}]}""", ["title", "tasks"], """{"title":"t","tasks":[{"rig":"quiet","title":"a","dependsOn":["x"]}]}"""),
        new("addConvoyBead", f => (f.World.UserClient, $"/api/towns/{f.World.TownId}/convoys/{Guid.NewGuid()}/beads"),
            $$"""{"beadId":"{{Guid.NewGuid()}}"}""", ["beadId"], """{"beadId":5}"""),
        new("rejectReview", f => (f.World.UserClient, $"/api/rigs/{f.World.QuietRigId}/reviews/{Guid.NewGuid()}/reject"),
            """{"feedback":"more tests"}""", ["feedback"], """{"feedback":5}"""),
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Routes)
        foreach (var kind in new[] { "malformed", "truncated-utf16", "unknown-charset", "latin1-charset", "text-plain", "no-content-type", "empty", "null", "array", "missing-fields", "wrong-type" })
            if (kind != "missing-fields" || route.Required.Length > 0) data.Add(route.Name, kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_4xx_problem_never_a_5xx(string routeName, string kind)
    {
        var route = Routes.Single(r => r.Name == routeName);
        var (client, path) = route.Target(fixture);
        var content = kind switch
        {
            "malformed" => JsonBody("""{"title": """),
            // An odd number of bytes cannot be UTF-16.
            "truncated-utf16" => Bytes([.. Encoding.Unicode.GetBytes(route.Valid), 0x41], "application/json; charset=utf-16"),
            "unknown-charset" => Bytes(Encoding.UTF8.GetBytes(route.Valid), "application/json; charset=klingon"),
            "latin1-charset" => Bytes(Encoding.Latin1.GetBytes(route.Valid), "application/json; charset=iso-8859-1"),
            "text-plain" => Bytes(Encoding.UTF8.GetBytes(route.Valid), "text/plain"),
            "no-content-type" => new ByteArrayContent(Encoding.UTF8.GetBytes(route.Valid)),
            "empty" => JsonBody(""),
            "null" => JsonBody("null"),
            "array" => JsonBody("[]"),
            "missing-fields" => JsonBody("{}"),
            "wrong-type" => JsonBody(route.WrongType),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = content }, Json.Ct);
        var body = await response.Content.ReadAsStringAsync(Json.Ct);

        ((int)response.StatusCode).ShouldBeInRange(400, 499, $"{routeName} {kind}: {(int)response.StatusCode} {body}");
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var expected = kind is "text-plain" or "no-content-type" or "unknown-charset" or "latin1-charset"
            ? HttpStatusCode.UnsupportedMediaType
            : HttpStatusCode.BadRequest;
        response.StatusCode.ShouldBe(expected, $"{routeName} {kind}: {body}");
        if (kind == "missing-fields")
        {
            // Named as the error's key (the validators) or in its message (a JSON-required property, under "$").
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject()
                .Select(error => $"{error.Name} {error.Value}".ToLowerInvariant()).ToList();
            foreach (var field in route.Required)
                errors.ShouldContain(error => error.StartsWith(field.ToLowerInvariant() + " ") || error.Contains($"'{field.ToLowerInvariant()}'"), body);
        }
    }

    [Fact]
    public void Every_route_with_a_body_is_covered()
    {
        var withBody = typeof(Program).Assembly.GetTypes()
            .Where(type => typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(type))
            .SelectMany(type => type.GetMethods())
            .Where(method => method.GetParameters().Any(p => p.Name == "body"))
            .Select(method => method.Name)
            .ToList();
        withBody.Count.ShouldBe(Routes.Length, string.Join(", ", withBody));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("status=finished", "status")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task The_mayor_listing_validates_its_query_like_the_user_listing(string query, string field)
    {
        foreach (var (client, path) in new[]
                 {
                     (fixture.World.UserClient, $"/api/rigs/{fixture.World.QuietRigId}/beads"),
                     (fixture.Mayor.Client, $"/api/agent/{fixture.Mayor.AgentId}/town/rigs/{fixture.World.QuietRigId}/beads"),
                 })
        {
            using var response = await client.GetAsync($"{path}?{query}", Json.Ct);
            var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").PropertyNames().Select(n => n.ToLowerInvariant()).ShouldContain(field, problem.ToString());
        }
    }

    private static StringContent JsonBody(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }
}
