using Gastown.Testing;
namespace Gastown.Web.Tests.Api;

public abstract class RigsApiTests(TestStorage storage) : IAsyncLifetime
{
    // Nothing listens on port 1: the alarm's clone attempt for a slung bead fails at once, off the request path.
    private const string GitUrl = "https://127.0.0.1:1/example/web.git";

    private readonly GastownApp _app = new(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" }, storage: storage);
    private HttpClient _http = null!;
    private Guid _townId;

    public async ValueTask InitializeAsync()
    {
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<JsonElement> CreateRigAsync(string name = "web") =>
        _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name, gitUrl = GitUrl }, HttpStatusCode.Created);

    private Task<HttpResponseMessage> PostRigAsync(object body) => _http.PostAsJsonAsync($"/api/towns/{_townId}/rigs", body, Json.Ct);

    [Fact]
    public async Task CreateRig_answers_201_with_the_rig_and_main_as_the_default_branch()
    {
        var rig = await CreateRigAsync();

        rig.PropertyNames().ShouldBe(["id", "townId", "name", "gitUrl", "defaultBranch", "createdAt", "updatedAt", "maxPolecats", "health", "review"], ignoreOrder: true);
        rig.GetProperty("health").GetProperty("status").GetString().ShouldBe("checking");
        rig.Id().ShouldNotBe(Guid.Empty);
        rig.Id("townId").ShouldBe(_townId);
        rig.Str("name").ShouldBe("web");
        rig.Str("gitUrl").ShouldBe(GitUrl);
        rig.Str("defaultBranch").ShouldBe("main");
    }

    [Fact]
    public async Task Each_201_names_in_its_Location_where_the_created_resource_is_read()
    {
        var town = await _http.PostAsJsonAsync("/api/towns", new { name = "located" }, Json.Ct);
        var rig = await _http.PostAsJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = GitUrl }, Json.Ct);
        var rigId = (await rig.ShouldHaveStatusAsync(HttpStatusCode.Created)).Id();
        var sling = await _http.PostAsJsonAsync($"/api/rigs/{rigId}/sling", new { title = "Fix the login" }, Json.Ct);
        var beadId = (await sling.ShouldHaveStatusAsync(HttpStatusCode.Created)).GetProperty("bead").Id();

        town.Headers.Location!.ToString().ShouldBe($"/api/towns/{(await town.ShouldHaveStatusAsync(HttpStatusCode.Created)).Id()}");
        rig.Headers.Location!.ToString().ShouldBe($"/api/rigs/{rigId}");
        sling.Headers.Location!.ToString().ShouldBe($"/api/rigs/{rigId}/beads/{beadId}");
        foreach (var created in new[] { town, rig, sling })
            (await _http.GetAsync(created.Headers.Location, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bead = await _http.GetJsonAsync($"/api/rigs/{rigId}/beads/{beadId}");
        (bead.Id(), bead.Str("title")).ShouldBe((beadId, "Fix the login"));
        bead.GetProperty("dependsOn").GetArrayLength().ShouldBe(0);
        await _http.GetJsonAsync($"/api/rigs/{rigId}/beads/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        await (await _http.GetAsync($"/api/rigs/{rigId}/beads/42", Json.Ct)).ShouldBeValidationProblemOnAsync("beadId");
    }

    [Fact]
    public async Task CreateRig_keeps_a_given_default_branch()
    {
        var rig = await PostRigAsync(new { name = "web", gitUrl = GitUrl, defaultBranch = "develop" });
        (await rig.ShouldHaveStatusAsync(HttpStatusCode.Created)).Str("defaultBranch").ShouldBe("develop");
    }

    [Fact]
    public async Task GetRig_answers_the_rig_with_its_agents_and_active_beads()
    {
        var rig = await CreateRigAsync();
        var slung = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Fix the login" }, HttpStatusCode.Created);

        var details = await _http.GetJsonAsync($"/api/rigs/{rig.Id()}");

        details.PropertyNames().ShouldBe(
            ["id", "townId", "name", "gitUrl", "defaultBranch", "createdAt", "updatedAt", "agents", "beads", "maxPolecats", "health", "review"], ignoreOrder: true);
        details.Id().ShouldBe(rig.Id());
        details.Str("createdAt").ShouldBe(rig.Str("createdAt"));
        details.GetProperty("agents").EnumerateArray().Select(a => a.Id()).ShouldBe([slung.GetProperty("agent").Id()]);
        details.GetProperty("beads").EnumerateArray().Select(b => b.Id()).ShouldBe([slung.GetProperty("bead").Id()]);
        details.ShouldBeCamelCaseThroughout();
    }

    [Fact]
    public async Task Sling_answers_201_with_the_bead_its_polecat_and_queued_in_lowercase_words()
    {
        var rig = await CreateRigAsync();

        var slung = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling",
            new { title = "Fix the login", body = "It 500s.", model = "kilo/auto" }, HttpStatusCode.Created);

        slung.PropertyNames().ShouldBe(["bead", "agent", "queued"], ignoreOrder: true);
        slung.GetProperty("queued").GetBoolean().ShouldBeFalse();
        var bead = slung.GetProperty("bead");
        bead.Str("type").ShouldBe("issue");
        bead.Str("status").ShouldBe("in_progress");
        bead.Str("priority").ShouldBe("medium");
        bead.Str("title").ShouldBe("Fix the login");
        bead.Str("body").ShouldBe("It 500s.");
        bead.GetProperty("metadata").Str("model").ShouldBe("kilo/auto");
        bead.TryGetProperty("isTerminal", out _).ShouldBeFalse();
        var agent = slung.GetProperty("agent");
        agent.Str("role").ShouldBe("polecat");
        agent.Str("status").ShouldBe("idle");
        agent.Str("name").ShouldBe("Toast");
        agent.Str("identity").ShouldBe("web/polecats/Toast");
        agent.Id("hookedBeadId").ShouldBe(bead.Id());
        bead.Id("assigneeAgentId").ShouldBe(agent.Id());
        slung.ShouldBeCamelCaseThroughout();
    }

    [Fact]
    public async Task Sling_with_an_empty_title_is_a_400_naming_the_field()
    {
        var rig = await CreateRigAsync();
        await (await _http.PostAsJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "" }, Json.Ct)).ShouldBeValidationProblemOnAsync("title");
    }

    [Fact]
    public async Task ListBeads_answers_a_json_array_newest_first_with_the_next_cursor_in_a_header()
    {
        var rig = await CreateRigAsync();
        var slung = new List<Guid>();
        for (var i = 0; i < 3; i++)
            slung.Add((await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = $"bead {i}" }, HttpStatusCode.Created))
                .GetProperty("bead").Id());

        var all = await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads");
        all.ValueKind.ShouldBe(JsonValueKind.Array);
        all.EnumerateArray().Select(b => b.Id()).ShouldBe(Enumerable.Reverse(slung));
        all.ShouldBeCamelCaseThroughout();

        var firstPage = await _http.GetAsync($"/api/rigs/{rig.Id()}/beads?limit=2", Json.Ct);
        (await firstPage.ShouldHaveStatusAsync(HttpStatusCode.OK)).EnumerateArray().Select(b => b.Id()).ShouldBe([slung[2], slung[1]]);
        var cursor = firstPage.Headers.GetValues("X-Next-Cursor").Single();

        var lastPage = await _http.GetAsync($"/api/rigs/{rig.Id()}/beads?limit=2&cursor={Uri.EscapeDataString(cursor)}", Json.Ct);
        (await lastPage.ShouldHaveStatusAsync(HttpStatusCode.OK)).EnumerateArray().Select(b => b.Id()).ShouldBe([slung[0]]);
        lastPage.Headers.Contains("X-Next-Cursor").ShouldBeFalse();
    }

    [Fact]
    public async Task ListBeads_filters_by_status_spelled_as_a_lowercase_word()
    {
        var rig = await CreateRigAsync();
        var bead = (await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "one" }, HttpStatusCode.Created)).GetProperty("bead");

        // The alarm may already be working on it; either way it is not closed or cancelled.
        var active = (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads?status=in_progress")).EnumerateArray()
            .Concat((await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads?status=open")).EnumerateArray());
        active.Select(b => b.Id()).ShouldBe([bead.Id()]);
        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads?status=closed")).GetArrayLength().ShouldBe(0);
        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads?status=cancelled")).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("status=InProgress", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("cursor=bogus", "cursor")]
    public async Task ListBeads_with_a_bad_query_is_a_400_naming_the_field(string query, string field)
    {
        var rig = await CreateRigAsync();
        await (await _http.GetAsync($"/api/rigs/{rig.Id()}/beads?{query}", Json.Ct)).ShouldBeValidationProblemOnAsync(field);
    }

    [Fact]
    public async Task ListAgents_answers_a_json_array()
    {
        var rig = await CreateRigAsync();
        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/agents")).GetArrayLength().ShouldBe(0);

        var slung = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "one" }, HttpStatusCode.Created);

        var agents = await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/agents");
        agents.EnumerateArray().Select(a => a.Id()).ShouldBe([slung.GetProperty("agent").Id()]);
        agents[0].Str("role").ShouldBe("polecat");
        agents.ShouldBeCamelCaseThroughout();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateRig_with_an_empty_name_is_a_400_naming_the_field(string name) =>
        await (await PostRigAsync(new { name, gitUrl = GitUrl })).ShouldBeValidationProblemOnAsync("name");

    [Fact]
    public async Task CreateRig_with_a_65_character_name_is_a_400_naming_the_field() =>
        await (await PostRigAsync(new { name = new string('r', 65), gitUrl = GitUrl })).ShouldBeValidationProblemOnAsync("name");

    [Theory]
    [InlineData("not a url")]
    [InlineData("file:///etc")]
    [InlineData("/etc")]
    [InlineData("ftp://example.com/repo.git")]
    [InlineData("")]
    public async Task CreateRig_with_a_bad_or_local_git_url_is_a_400_naming_the_field(string gitUrl) =>
        await (await PostRigAsync(new { name = "web", gitUrl })).ShouldBeValidationProblemOnAsync("gitUrl");

    [Theory]
    [InlineData("-x")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("a~b")]
    [InlineData("a:b")]
    [InlineData("main.lock")]
    public async Task CreateRig_with_a_bad_default_branch_is_a_400_naming_the_field(string defaultBranch) =>
        await (await PostRigAsync(new { name = "web", gitUrl = GitUrl, defaultBranch })).ShouldBeValidationProblemOnAsync("defaultBranch");

    [Fact]
    public async Task CreateRig_names_every_bad_field_at_once() =>
        await (await PostRigAsync(new { name = "", gitUrl = "not a url", defaultBranch = "a..b" }))
            .ShouldBeValidationProblemOnAsync("name", "gitUrl", "defaultBranch");

    [Fact]
    public async Task A_duplicate_rig_name_in_the_town_is_a_409()
    {
        await CreateRigAsync("web");
        await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = "https://example.com/other.git" }, HttpStatusCode.Conflict);

        (await _http.GetJsonAsync($"/api/towns/{_townId}")).GetProperty("rigs").GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/beads")]
    [InlineData("/agents")]
    public async Task A_non_uuid_rig_id_is_a_400_naming_the_field(string route) =>
        await (await _http.GetAsync($"/api/rigs/not-a-uuid{route}", Json.Ct)).ShouldBeValidationProblemOnAsync("rigId");

    [Fact]
    public async Task A_non_uuid_rig_id_on_sling_is_a_400_naming_the_field() =>
        await (await _http.PostAsJsonAsync("/api/rigs/42/sling", new { title = "x" }, Json.Ct)).ShouldBeValidationProblemOnAsync("rigId");

    [Theory]
    [InlineData("")]
    [InlineData("/beads")]
    [InlineData("/agents")]
    public async Task Another_users_rig_is_a_404_indistinguishable_from_a_missing_one(string route)
    {
        var rig = await CreateRigAsync();
        await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "secret work" }, HttpStatusCode.Created);
        var (_, bob) = await _app.SignInNewUserAsync("bob");

        var theirs = await bob.GetJsonAsync($"/api/rigs/{rig.Id()}{route}", HttpStatusCode.NotFound);
        var missing = await bob.GetJsonAsync($"/api/rigs/{Guid.NewGuid()}{route}", HttpStatusCode.NotFound);

        TownsApiTests.WithoutTraceId(theirs).ShouldBe(TownsApiTests.WithoutTraceId(missing));
        theirs.ToString().ShouldNotContain("secret work");
    }

    [Fact]
    public async Task Slinging_into_another_users_rig_is_a_404_and_writes_nothing()
    {
        var rig = await CreateRigAsync();
        var (_, bob) = await _app.SignInNewUserAsync("bob");

        await bob.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "mine now" }, HttpStatusCode.NotFound);
        await bob.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "" }, HttpStatusCode.NotFound);

        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Sling_queues_when_the_rig_is_at_its_polecat_cap()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:MaxPolecatsPerRig"] = "1" });
        var (_, http) = await app.SignInNewUserAsync();
        var town = await http.PostJsonAsync("/api/towns", new { name = "capped" }, HttpStatusCode.Created);
        var rig = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = GitUrl }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "one" }, HttpStatusCode.Created);

        var queued = await http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "two" }, HttpStatusCode.Created);

        queued.GetProperty("queued").GetBoolean().ShouldBeTrue();
        queued.GetProperty("agent").ValueKind.ShouldBe(JsonValueKind.Null);
        queued.GetProperty("bead").Str("status").ShouldBe("open");
    }
}

public sealed class SqliteRigsApiTests() : RigsApiTests(TestStorage.Sqlite);

public sealed class PostgresRigsApiTests(PostgresFixture postgres) : RigsApiTests(TestStorage.Postgres(postgres));
