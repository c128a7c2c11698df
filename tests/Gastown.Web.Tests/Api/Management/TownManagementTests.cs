using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>updateTown, getTownConfig / updateTownConfig (secrets masked, "****" keeps), listRigs, getTownEvents: happy paths and each bad field.</summary>
public sealed class TownManagementTests : IAsyncLifetime
{
    private const string GitUrl = "https://127.0.0.1:1/example/web.git";
    private readonly GastownApp _app = new(new Dictionary<string, string?>
    {
        ["Gastown:Git:AllowLocalRepositories"] = "false",
        ["Logging:LogLevel:Default"] = "Debug",
    });
    private HttpClient _http = null!;
    private Guid _townId;

    public async ValueTask InitializeAsync()
    {
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ---- updateTown ----

    [Fact]
    public async Task UpdateTown_renames_the_town()
    {
        var town = await _http.PatchJsonAsync($"/api/towns/{_townId}", new { name = "beta" }, HttpStatusCode.OK);
        town.Str("name").ShouldBe("beta");
        town.Id().ShouldBe(_townId);
        (await _http.GetJsonAsync($"/api/towns/{_townId}")).Str("name").ShouldBe("beta");
        (await _http.GetJsonAsync("/api/towns")).EnumerateArray().Select(t => t.Str("name")).ShouldBe(["beta"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\u0001b")]
    public async Task UpdateTown_refuses_a_bad_name(string name) =>
        await (await _http.PatchAsJsonAsync($"/api/towns/{_townId}", new { name }, Json.Ct)).ShouldBeValidationProblemOnAsync("name");

    [Fact]
    public async Task UpdateTown_refuses_a_name_too_long_and_a_name_the_owner_already_uses()
    {
        await (await _http.PatchAsJsonAsync($"/api/towns/{_townId}", new { name = new string('x', 65) }, Json.Ct)).ShouldBeValidationProblemOnAsync("name");
        await _http.PostJsonAsync("/api/towns", new { name = "taken" }, HttpStatusCode.Created);
        await _http.PatchJsonAsync($"/api/towns/{_townId}", new { name = "taken" }, HttpStatusCode.Conflict);
        (await _http.GetJsonAsync($"/api/towns/{_townId}")).Str("name").ShouldBe("alpha");
    }

    // ---- town config ----

    [Fact]
    public async Task GetTownConfig_of_a_new_town_is_empty()
    {
        var config = await _http.GetJsonAsync($"/api/towns/{_townId}/config");
        config.PropertyNames().ShouldBe(["defaultModel", "maxPolecatsPerRig", "agents", "endpoints", "envVars", "git", "budget"], ignoreOrder: true);
        config.GetProperty("defaultModel").ValueKind.ShouldBe(JsonValueKind.Null);
        config.GetProperty("envVars").EnumerateObject().ShouldBeEmpty();
        config.GetProperty("git").ValueKind.ShouldBe(JsonValueKind.Null);
        config.GetProperty("budget").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task UpdateTownConfig_merges_masks_every_secret_and_keeps_a_secret_sent_back_as_stars()
    {
        var apiKey = $"sk-{Guid.NewGuid():N}";
        var envSecret = $"env-{Guid.NewGuid():N}";
        var token = $"ghp-{Guid.NewGuid():N}";
        var first = await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new
        {
            defaultModel = "anthropic/claude-sonnet",
            maxPolecatsPerRig = 3,
            agents = new { polecat = new { preset = "claude", model = "claude-opus" }, mayor = new { preset = "demo" } },
            endpoints = new { anthropic = new { baseUrl = "https://llm.example.com", apiKey } },
            envVars = new Dictionary<string, string> { ["MY_SECRET"] = envSecret, ["OTHER"] = "x" },
            git = new { username = "robot", token },
        }, HttpStatusCode.OK);

        first.Str("defaultModel").ShouldBe("anthropic/claude-sonnet");
        first.GetProperty("maxPolecatsPerRig").GetInt32().ShouldBe(3);
        first.GetProperty("agents").GetProperty("polecat").Str("preset").ShouldBe("claude");
        first.GetProperty("agents").GetProperty("polecat").Str("model").ShouldBe("claude-opus");
        first.GetProperty("agents").GetProperty("mayor").Str("preset").ShouldBe("demo");
        first.GetProperty("endpoints").GetProperty("anthropic").Str("baseUrl").ShouldBe("https://llm.example.com");
        first.GetProperty("endpoints").GetProperty("anthropic").Str("apiKey").ShouldBe("****");
        first.GetProperty("envVars").Str("MY_SECRET").ShouldBe("****");
        first.GetProperty("envVars").Str("OTHER").ShouldBe("****");
        first.GetProperty("git").Str("username").ShouldBe("robot");
        first.GetProperty("git").Str("token").ShouldBe("****");

        // Objects merge; absent is unchanged; "****" keeps; null removes an entry; "" clears a value.
        var second = await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new
        {
            agents = new { polecat = new { model = "" } },
            endpoints = new { anthropic = new { apiKey = "****" }, openai = new { baseUrl = "https://openai.example.com" } },
            envVars = new Dictionary<string, string?> { ["MY_SECRET"] = "****", ["OTHER"] = null },
            git = new { token = "****" },
        }, HttpStatusCode.OK);
        second.Str("defaultModel").ShouldBe("anthropic/claude-sonnet");
        second.GetProperty("maxPolecatsPerRig").GetInt32().ShouldBe(3);
        second.GetProperty("agents").GetProperty("polecat").Str("preset").ShouldBe("claude");
        second.GetProperty("agents").GetProperty("polecat").GetProperty("model").ValueKind.ShouldBe(JsonValueKind.Null);
        second.GetProperty("endpoints").GetProperty("anthropic").Str("apiKey").ShouldBe("****");
        second.GetProperty("endpoints").GetProperty("openai").GetProperty("apiKey").ValueKind.ShouldBe(JsonValueKind.Null);
        second.GetProperty("envVars").PropertyNames().ShouldBe(["MY_SECRET"]);
        second.GetProperty("git").Str("token").ShouldBe("****");

        var read = await _http.GetJsonAsync($"/api/towns/{_townId}/config");
        read.ToString().ShouldBe(second.ToString());

        // The stored secrets are still the originals (kept, not replaced by "****"): what dispatch would use.
        var settings = _app.Services.GetRequiredService<Gastown.Application.Common.Ports.ITownManagement>();
        var secrets = _app.Services.GetRequiredService<Gastown.Application.Common.Ports.ISecretProtector>();
        var stored = await settings.GetTownConfigAsync(_townId, Json.Ct);
        secrets.Unprotect(stored.Git!.TokenProtected).ShouldBe(token);
        secrets.Unprotect(stored.Endpoints!["anthropic"].ApiKeyProtected!).ShouldBe(apiKey);
        secrets.Unprotect(stored.EnvVarsProtected!["MY_SECRET"]).ShouldBe(envSecret);

        // Never in plain text on disk, in a response or in a log line.
        foreach (var secret in new[] { apiKey, envSecret, token })
        {
            ManagementHelpers.FilesContaining(_app.DataDir, secret).ShouldBeEmpty();
            first.ToString().ShouldNotContain(secret);
            _app.LogLines.Where(line => line.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty();
        }

        // Clearing the git credentials.
        var cleared = await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new { git = new { token = "" } }, HttpStatusCode.OK);
        cleared.GetProperty("git").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    public static readonly TheoryData<string, string> BadConfigs = new()
    {
        { """{"maxPolecatsPerRig":0}""", "maxPolecatsPerRig" },
        { """{"maxPolecatsPerRig":21}""", "maxPolecatsPerRig" },
        { $$"""{"defaultModel":"{{new string('m', 201)}}"}""", "defaultModel" },
        { """{"agents":{"polecat":{"preset":"gpt-9"}}}""", "agents.polecat.preset" },
        { """{"agents":{"witness":{"preset":"demo"}}}""", "agents.witness" },
        { """{"agents":{"mayor":{"model":"a\u0007b"}}}""", "agents.mayor.model" },
        { """{"endpoints":{"openai":{"baseUrl":"ftp://x"}}}""", "endpoints.openai.baseUrl" },
        { """{"endpoints":{"mistral":{"baseUrl":"https://x"}}}""", "endpoints.mistral" },
        { """{"endpoints":{"anthropic":{"apiKey":"a\nb"}}}""", "endpoints.anthropic.apiKey" },
        { """{"envVars":{"PATH":"/tmp"}}""", "envVars.PATH" },
        { """{"envVars":{"GASTOWN_SESSION_TOKEN":"x"}}""", "envVars.GASTOWN_SESSION_TOKEN" },
        { """{"envVars":{"GIT_ASKPASS":"x"}}""", "envVars.GIT_ASKPASS" },
        { """{"envVars":{"1BAD":"x"}}""", "envVars.1BAD" },
        { """{"envVars":{"OK":"a\u0000b"}}""", "envVars.OK" },
        { """{"git":{"username":"a:b","token":"t"}}""", "git.username" },
        { """{"git":{"username":"robot","token":"a\r\nb"}}""", "git.token" },
        { """{"git":{"token":"only-a-token"}}""", "git.token" },
        { """{"budget":{"usdPerDay":-1}}""", "budget.usdPerDay" },
        { """{"budget":{"usdPerBead":-0.5}}""", "budget.usdPerBead" },
        { """{"budget":{"tokensPerDay":-10}}""", "budget.tokensPerDay" },
    };

    [Fact]
    public async Task UpdateTownConfig_sets_merges_and_removes_budget_limits()
    {
        var set = await _http.PatchJsonAsync($"/api/towns/{_townId}/config",
            new { budget = new { usdPerDay = 12.5m, tokensPerDay = 5_000_000, usdPerBead = 2.5m } }, HttpStatusCode.OK);
        set.GetProperty("budget").GetProperty("usdPerDay").GetDecimal().ShouldBe(12.5m);
        set.GetProperty("budget").GetProperty("tokensPerDay").GetInt64().ShouldBe(5_000_000);

        // Absent keeps a limit, 0 removes it.
        var merged = await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new { budget = new { usdPerBead = 0 } }, HttpStatusCode.OK);
        merged.GetProperty("budget").GetProperty("usdPerBead").ValueKind.ShouldBe(JsonValueKind.Null);
        merged.GetProperty("budget").GetProperty("usdPerDay").GetDecimal().ShouldBe(12.5m);
        var read = await _http.GetJsonAsync($"/api/towns/{_townId}/config");
        read.GetProperty("budget").GetProperty("tokensPerDay").GetInt64().ShouldBe(5_000_000);

        var cleared = await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new { budget = new { usdPerDay = 0, tokensPerDay = 0 } }, HttpStatusCode.OK);
        cleared.GetProperty("budget").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task UpdateTownConfig_names_each_bad_field_and_changes_nothing(string body, string field)
    {
        var before = (await _http.GetJsonAsync($"/api/towns/{_townId}/config")).ToString();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await _http.PatchAsync($"/api/towns/{_townId}/config", content, Json.Ct);
        await response.ShouldBeValidationProblemOnAsync(field);
        (await _http.GetJsonAsync($"/api/towns/{_townId}/config")).ToString().ShouldBe(before);
    }

    // ---- listRigs ----

    [Fact]
    public async Task ListRigs_answers_the_towns_rigs_oldest_first_with_their_health()
    {
        (await _http.GetJsonAsync($"/api/towns/{_townId}/rigs")).GetArrayLength().ShouldBe(0);
        var web = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = GitUrl }, HttpStatusCode.Created);
        var api = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "api", gitUrl = GitUrl }, HttpStatusCode.Created);

        var rigs = await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/towns/{_townId}/rigs"),
            all => all.EnumerateArray().All(r => r.GetProperty("health").Str("status") != "checking"), "both health checks");
        rigs.EnumerateArray().Select(r => r.Id()).ShouldBe([web.Id(), api.Id()]);
        foreach (var rig in rigs.EnumerateArray())
        {
            rig.GetProperty("health").Str("status").ShouldBe("unreachable");
            rig.GetProperty("health").Str("reason").ShouldBe("the host could not be reached");
            rig.GetProperty("health").Str("checkedAt").ShouldNotBeNullOrEmpty();
        }
        rigs.ShouldBeCamelCaseThroughout();
    }

    // ---- getTownEvents ----

    [Fact]
    public async Task GetTownEvents_answers_every_rigs_events_newest_first_with_since_and_limit()
    {
        var web = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = GitUrl }, HttpStatusCode.Created);
        var api = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "api", gitUrl = GitUrl }, HttpStatusCode.Created);
        var first = await _http.PostJsonAsync($"/api/rigs/{web.Id()}/sling", new { title = "One" }, HttpStatusCode.Created);
        var second = await _http.PostJsonAsync($"/api/rigs/{api.Id()}/sling", new { title = "Two" }, HttpStatusCode.Created);

        var events = (await _http.GetJsonAsync($"/api/towns/{_townId}/events")).EnumerateArray().ToList();
        events.Select(e => e.Id("beadId")).ShouldContain(first.GetProperty("bead").Id());
        events.Select(e => e.Id("beadId")).ShouldContain(second.GetProperty("bead").Id());
        events.Select(e => DateTimeOffset.Parse(e.Str("createdAt"), System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeInOrder(SortDirection.Descending);
        events.First(e => e.Id("beadId") == second.GetProperty("bead").Id()).Str("rigName").ShouldBe("api");
        events.First(e => e.Id("beadId") == first.GetProperty("bead").Id()).Id("rigId").ShouldBe(web.Id());

        (await _http.GetJsonAsync($"/api/towns/{_townId}/events?limit=1")).GetArrayLength().ShouldBe(1);
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        (await _http.GetJsonAsync($"/api/towns/{_townId}/events?since={future}")).GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("since=yesterday", "since")]
    public async Task GetTownEvents_refuses_a_bad_query(string query, string field) =>
        await (await _http.GetAsync($"/api/towns/{_townId}/events?{query}", Json.Ct)).ShouldBeValidationProblemOnAsync(field);
}
