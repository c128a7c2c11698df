using Gastown.Infrastructure.Container;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>updateRig (and the per-rig and per-town polecat cap), and the town's agent settings reaching a dispatch.</summary>
public sealed class RigManagementTests : IAsyncLifetime
{
    private readonly string _repos = Directory.CreateTempSubdirectory("gastown-rig-mgmt-").FullName;
    private GastownApp _app = null!;
    private HttpClient _http = null!;
    private Guid _townId;
    private string _origin = null!;

    public async ValueTask InitializeAsync()
    {
        _origin = await ManagementHelpers.CreateBareRepositoryAsync(_repos, "origin");
        _app = new GastownApp(new Dictionary<string, string?>
        {
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            // A polecat that reports what it was given, then works "forever": it stays working until stopped.
            ["Gastown:Container:Agents:polecat:Command:0"] = "sh",
            ["Gastown:Container:Agents:polecat:Command:1"] = "-c",
            ["Gastown:Container:Agents:polecat:Command:2"] =
                "if [ \"$MY_VAR\" = \"expected-value\" ]; then echo env-ok; fi; echo \"model=$GASTOWN_MODEL\"; exec sleep 600",
        });
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_repos, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<JsonElement> CreateRigAsync(string name = "web") =>
        _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name, gitUrl = _origin }, HttpStatusCode.Created);

    [Fact]
    public async Task UpdateRig_changes_name_url_branch_and_cap_and_checks_the_new_repository()
    {
        var rig = await CreateRigAsync();
        await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}"),
            d => d.GetProperty("health").Str("status") == "ok", "the first health check");

        var renamed = await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { name = "api", maxPolecats = 2 }, HttpStatusCode.OK);
        renamed.Str("name").ShouldBe("api");
        renamed.GetProperty("maxPolecats").GetInt32().ShouldBe(2);
        renamed.GetProperty("health").Str("status").ShouldBe("ok"); // Same repository: no new check.

        var moved = await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { gitUrl = Path.Combine(_repos, "missing.git"), defaultBranch = "trunk" }, HttpStatusCode.OK);
        moved.Str("gitUrl").ShouldBe(Path.Combine(_repos, "missing.git"));
        moved.Str("defaultBranch").ShouldBe("trunk");
        moved.GetProperty("health").Str("status").ShouldBe("checking");
        var health = (await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}"),
            d => d.GetProperty("health").Str("status") != "checking", "the new health check")).GetProperty("health");
        health.Str("status").ShouldBe("unreachable");
        health.Str("reason").ShouldBe("repository not found");

        var listed = (await _http.GetJsonAsync($"/api/towns/{_townId}/rigs")).EnumerateArray().Single();
        (listed.Str("name"), listed.Str("defaultBranch"), listed.GetProperty("maxPolecats").GetInt32()).ShouldBe(("api", "trunk", 2));

        // 0 clears the rig's own cap.
        (await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { maxPolecats = 0 }, HttpStatusCode.OK))
            .GetProperty("maxPolecats").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    public static readonly TheoryData<string, string> BadUpdates = new()
    {
        { """{"name":""}""", "name" },
        { """{"name":"a\u0001"}""", "name" },
        { """{"gitUrl":"ftp://example.com/x.git"}""", "gitUrl" },
        { """{"gitUrl":"-uhoh"}""", "gitUrl" },
        { """{"gitUrl":"ssh://u:p@example.com/x.git"}""", "gitUrl" },
        { """{"defaultBranch":"bad..branch"}""", "defaultBranch" },
        { """{"defaultBranch":"-x"}""", "defaultBranch" },
        { """{"maxPolecats":21}""", "maxPolecats" },
        { """{"maxPolecats":-1}""", "maxPolecats" },
        { """{"review":{"gates":[[]]}}""", "review.gates" },
        { """{"review":{"gates":[["dotnet",""]]}}""", "review.gates" },
        { """{"review":{"gates":[null]}}""", "review.gates" },
        { """{"review":{"gates":[["a"],["a"],["a"],["a"],["a"],["a"],["a"],["a"],["a"],["a"],["a"]]}}""", "review.gates" },
        { """{"review":{"gateTimeout":0}}""", "review.gateTimeout" },
        { """{"review":{"gateTimeout":3601}}""", "review.gateTimeout" },
        { """{"review":{"mode":"yolo"}}""", "review.mode" },
        { """{"review":{"maxReviewRounds":0}}""", "review.maxReviewRounds" },
    };

    [Theory]
    [MemberData(nameof(BadUpdates))]
    public async Task UpdateRig_names_each_bad_field_and_changes_nothing(string body, string field)
    {
        var rig = await CreateRigAsync();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await _http.PatchAsync($"/api/rigs/{rig.Id()}", content, Json.Ct)).ShouldBeValidationProblemOnAsync(field);
        var after = await _http.GetJsonAsync($"/api/rigs/{rig.Id()}");
        (after.Str("name"), after.Str("gitUrl"), after.Str("defaultBranch")).ShouldBe(("web", _origin, "main"));
    }

    [Fact]
    public async Task UpdateRig_sets_the_review_config_and_getRig_shows_it()
    {
        var rig = await CreateRigAsync();
        var defaults = (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}")).GetProperty("review");
        (defaults.Str("mode"), defaults.GetProperty("maxReviewRounds").GetInt32(), defaults.GetProperty("deleteMergedBranches").GetBoolean())
            .ShouldBe(("auto", 3, true));
        defaults.GetProperty("gates").GetArrayLength().ShouldBe(0);

        await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new
        {
            review = new { gates = new[] { new[] { "dotnet", "test" }, new[] { "npm", "test" } }, gateTimeout = 120, mode = "approve" },
        }, HttpStatusCode.OK);
        // Only the given members change.
        await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { review = new { maxReviewRounds = 5, deleteMergedBranches = false } }, HttpStatusCode.OK);

        var review = (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}")).GetProperty("review");
        review.GetProperty("gates").EnumerateArray().Select(gate => string.Join(' ', gate.EnumerateArray().Select(a => a.GetString())))
            .ShouldBe(["dotnet test", "npm test"]);
        (review.GetProperty("gateTimeout").GetInt32(), review.Str("mode"), review.GetProperty("maxReviewRounds").GetInt32(),
            review.GetProperty("deleteMergedBranches").GetBoolean()).ShouldBe((120, "approve", 5, false));
    }

    [Fact]
    public async Task UpdateRig_refuses_a_name_another_rig_of_the_town_has()
    {
        var rig = await CreateRigAsync();
        await CreateRigAsync("api");
        await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { name = "api" }, HttpStatusCode.Conflict);
        (await _http.GetJsonAsync($"/api/rigs/{rig.Id()}")).Str("name").ShouldBe("web");
    }

    [Fact]
    public async Task The_towns_cap_holds_polecats_back_and_the_rigs_own_cap_wins()
    {
        await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new { maxPolecatsPerRig = 1 }, HttpStatusCode.OK);
        var rig = await CreateRigAsync();
        var first = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "One" }, HttpStatusCode.Created);
        var second = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Two" }, HttpStatusCode.Created);
        first.GetProperty("queued").GetBoolean().ShouldBeFalse();
        second.GetProperty("queued").GetBoolean().ShouldBeTrue();

        await _http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { maxPolecats = 2 }, HttpStatusCode.OK);
        await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}/agents"),
            agents => agents.EnumerateArray().Count(a => a.Str("status") == "working") == 2, "two polecats working under the rig's cap");
    }

    [Fact]
    public async Task The_towns_model_and_environment_reach_the_agent()
    {
        await _http.PatchJsonAsync($"/api/towns/{_townId}/config", new
        {
            defaultModel = "town-default-model",
            agents = new { polecat = new { model = "town-polecat-model" } },
            envVars = new Dictionary<string, string> { ["MY_VAR"] = "expected-value" },
        }, HttpStatusCode.OK);
        var rig = await CreateRigAsync();
        var agentId = (await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "One" }, HttpStatusCode.Created)).GetProperty("agent").Id();

        var feed = _app.Services.GetRequiredService<AgentEventFeed>();
        var lines = await ManagementHelpers.EventuallyAsync(() => Task.FromResult(feed.History(agentId).Select(e => e.Text).ToList()),
            text => text.Any(line => line.Contains("model=")), "the agent's report");
        lines.ShouldContain("env-ok");
        lines.ShouldContain("model=town-polecat-model");
    }

    [Fact]
    public async Task A_health_check_a_restart_interrupted_runs_again_at_start_up()
    {
        var dataDir = Path.Combine(_repos, "data");
        Guid rigId;
        GastownUser alice;
        await using (var first = new GastownApp(dataDir: dataDir))
        {
            HttpClient http;
            (alice, http) = await first.SignInNewUserAsync("alice");
            var town = await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
            rigId = (await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _origin }, HttpStatusCode.Created)).Id();
            await ManagementHelpers.EventuallyAsync(() => http.GetJsonAsync($"/api/rigs/{rigId}"),
                d => d.GetProperty("health").Str("status") == "ok", "the first health check");
        }
        // As if the server had stopped while the check ran.
        await using (var directory = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "directory.db")};Pooling=False"))
        {
            await directory.OpenAsync(Json.Ct);
            await using var command = directory.CreateCommand();
            command.CommandText = "UPDATE rigs SET health_status = 'checking', health_reason = NULL WHERE id = $rig";
            command.Parameters.AddWithValue("$rig", rigId.ToString());
            (await command.ExecuteNonQueryAsync(Json.Ct)).ShouldBe(1);
        }

        await using var second = new GastownApp(dataDir: dataDir);
        await ManagementHelpers.EventuallyAsync(() => second.CreateClientFor(alice).GetJsonAsync($"/api/rigs/{rigId}"),
            d => d.GetProperty("health").Str("status") == "ok", "the interrupted check to run again");
    }
}
