using Gastown.Testing;
namespace Gastown.Web.Tests.Api;

/// <summary>Convoys through HTTP (issue 23): the routes and shapes as the issue writes them.</summary>
public abstract class ConvoysApiTests(TestStorage storage) : IAsyncLifetime
{
    private const string GitUrl = "https://127.0.0.1:1/example/web.git";

    private readonly GastownApp _app = new(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" }, storage: storage);
    private HttpClient _http = null!;
    private Guid _townId;
    private Guid _webId;

    public async ValueTask InitializeAsync()
    {
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
        await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "api", gitUrl = GitUrl }, HttpStatusCode.Created);
        _webId = (await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = GitUrl }, HttpStatusCode.Created)).Id();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Create_list_get_start_and_close_answer_as_written()
    {
        var created = await _http.PostJsonAsync($"/api/towns/{_townId}/convoys", new
        {
            title = "Greeting",
            tasks = new object[]
            {
                new { rig = "api", title = "Add API", priority = "high", labels = new[] { "api" } },
                new { rig = _webId.ToString(), title = "Add UI", dependsOn = new[] { 0 } },
                new { rig = "api", title = "Add docs", body = "README", dependsOn = new[] { 0 } },
            },
            staged = true,
        }, HttpStatusCode.Created);

        created.PropertyNames().ShouldBe(
            ["id", "title", "status", "mode", "staged", "total", "closed", "failed", "createdAt", "landedAt", "closedAt", "beads", "edges", "stranded", "featureBranch", "landing"], ignoreOrder: true);
        (created.Str("status"), created.Str("mode"), created.GetProperty("total").GetInt32()).ShouldBe(("staged", "direct", 3));
        var beads = created.GetProperty("beads").EnumerateArray().ToList();
        beads[0].PropertyNames().ShouldBe(["id", "rigId", "rigName", "title", "status", "agent", "blockedBy", "held", "escalated"], ignoreOrder: true);
        beads[1].Str("rigName").ShouldBe("web");
        beads[1].GetProperty("blockedBy").EnumerateArray().Select(x => Guid.Parse(x.GetString()!)).ShouldBe([beads[0].Id()]);
        created.GetProperty("edges").EnumerateArray().Select(edge => (edge.Id("beadId"), edge.Id("dependsOn")))
            .ShouldBe([(beads[1].Id(), beads[0].Id()), (beads[2].Id(), beads[0].Id())], ignoreOrder: true);
        created.ShouldBeCamelCaseThroughout();

        // The rig's listing shows the convoy on its beads.
        var listedBeads = await _http.GetJsonAsync($"/api/rigs/{_webId}/beads");
        listedBeads.EnumerateArray().Single().Id("convoyId").ShouldBe(created.Id());

        var list = await _http.GetJsonAsync($"/api/towns/{_townId}/convoys?status=staged");
        var summary = list.EnumerateArray().ShouldHaveSingleItem();
        summary.PropertyNames().ShouldBe(["id", "title", "status", "mode", "staged", "total", "closed", "failed", "createdAt", "landedAt", "closedAt", "stranded"], ignoreOrder: true);
        (await _http.GetJsonAsync($"/api/towns/{_townId}/convoys?status=active")).GetArrayLength().ShouldBe(0);

        var started = await (await _http.PostAsync($"/api/towns/{_townId}/convoys/{created.Id()}/start", null, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        started.Str("status").ShouldBe("active");
        (await _http.PostAsync($"/api/towns/{_townId}/convoys/{created.Id()}/start", null, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var closed = await (await _http.PostAsync($"/api/towns/{_townId}/convoys/{created.Id()}/close", null, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        closed.Str("status").ShouldBe("closed");
        closed.GetProperty("beads").EnumerateArray().ShouldAllBe(bead => bead.Str("status") == "cancelled");

        var feed = await _http.GetJsonAsync($"/api/towns/{_townId}/events");
        feed.EnumerateArray().Select(e => e.Str("type")).Where(type => type.StartsWith("convoy_", StringComparison.Ordinal))
            .ShouldBe(["convoy_closed", "convoy_started", "convoy_created"]);
    }

    [Fact]
    public async Task The_Idempotency_Key_header_answers_the_first_response_on_sling_convoys_and_messages()
    {
        async Task<JsonElement> PostAsync(string path, object body, string key, HttpStatusCode status)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await (await _http.SendAsync(request, Json.Ct)).ShouldHaveStatusAsync(status);
        }

        var sling = await PostAsync($"/api/rigs/{_webId}/sling", new { title = "Once" }, "sling-1", HttpStatusCode.Created);
        (await PostAsync($"/api/rigs/{_webId}/sling", new { title = "Once" }, "sling-1", HttpStatusCode.Created))
            .GetProperty("bead").Id().ShouldBe(sling.GetProperty("bead").Id());
        (await _http.GetJsonAsync($"/api/rigs/{_webId}/beads")).GetArrayLength().ShouldBe(1);

        var plan = new { title = "Plan", tasks = new object[] { new { rig = "web", title = "A" } } };
        var convoy = await PostAsync($"/api/towns/{_townId}/convoys", plan, "plan-1", HttpStatusCode.Created);
        (await PostAsync($"/api/towns/{_townId}/convoys", plan, "plan-1", HttpStatusCode.Created)).Id().ShouldBe(convoy.Id());
        (await _http.GetJsonAsync($"/api/towns/{_townId}/convoys")).GetArrayLength().ShouldBe(1);

        var message = await PostAsync($"/api/towns/{_townId}/messages", new { message = "hello" }, "msg-1", HttpStatusCode.Accepted);
        (await PostAsync($"/api/towns/{_townId}/messages", new { message = "hello" }, "msg-1", HttpStatusCode.Accepted))
            .GetProperty("bead").Id().ShouldBe(message.GetProperty("bead").Id());
    }

    [Fact]
    public async Task A_cycle_is_400_naming_the_task_and_nothing_is_created()
    {
        var response = await _http.PostAsJsonAsync($"/api/towns/{_townId}/convoys", new
        {
            title = "Loop",
            tasks = new object[] { new { rig = "api", title = "A", dependsOn = new[] { 1 } }, new { rig = "api", title = "B", dependsOn = new[] { 0 } } },
        }, Json.Ct);
        await response.ShouldBeValidationProblemOnAsync("tasks[0].dependsOn");
        (await _http.GetJsonAsync($"/api/towns/{_townId}/convoys")).GetArrayLength().ShouldBe(0);
        (await _http.GetJsonAsync($"/api/rigs/{_webId}/beads")).GetArrayLength().ShouldBe(0);
    }
}

public sealed class SqliteConvoysApiTests() : ConvoysApiTests(TestStorage.Sqlite);

public sealed class PostgresConvoysApiTests(PostgresFixture postgres) : ConvoysApiTests(TestStorage.Postgres(postgres));
