using System.Diagnostics;
using Gastown.Infrastructure.Container;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>
/// A private repository over HTTP with a token (git http-backend behind Basic auth on loopback): cloned, worked by the
/// demo agent and merged with the town's git credentials, and the token never shows up in an argv, a file outside
/// the encrypted store, a response, an event, a log line or an agent's stream.
/// </summary>
public sealed class PrivateRepositoryTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("gastown-private-git-").FullName;
    private readonly string _token = $"tok-{Guid.NewGuid():N}";
    private GitHttpServer _git = null!;
    private GastownApp _app = null!;
    private HttpClient _http = null!;
    private readonly List<string> _responses = [];

    public async ValueTask InitializeAsync()
    {
        await ManagementHelpers.CreateBareRepositoryAsync(_root, "private");
        _git = await GitHttpServer.StartAsync(_root, "robot", _token);
        _app = new GastownApp(new Dictionary<string, string?>
        {
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            ["Gastown:Alarm:DispatchBackoff:0"] = "00:00:00.200",
            // Failed dispatches keep retrying here, so the next attempt time is always there to be seen.
            ["Gastown:Alarm:MaxDispatchAttempts"] = "1000",
            ["Logging:LogLevel:Default"] = "Debug",
        });
        (_, _http) = await _app.SignInNewUserAsync("alice");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _git.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<JsonElement> Keep(Task<JsonElement> response)
    {
        var json = await response;
        _responses.Add(json.ToString());
        return json;
    }

    [Fact]
    public async Task A_private_repository_is_cloned_worked_and_merged_with_the_towns_token_which_never_leaks()
    {
        await using var watch = new CommandLineWatch(_token);
        // The watch itself works: a process with the token in its argv is seen.
        using (var decoy = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-c", "sleep 1", _token } })!)
        {
            await ManagementHelpers.EventuallyAsync(() => Task.FromResult(watch.Hits.ContainsKey(decoy.Id)), seen => seen, "the watch to see the decoy");
            await decoy.WaitForExitAsync(Json.Ct);
        }
        var decoys = watch.Hits.Keys.ToHashSet();

        var town = await Keep(_http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created));
        var config = await Keep(_http.PatchJsonAsync($"/api/towns/{town.Id()}/config", new { git = new { username = "robot", token = _token } }, HttpStatusCode.OK));
        config.GetProperty("git").Str("token").ShouldBe("****");
        config.GetProperty("git").Str("username").ShouldBe("robot");

        var rig = await Keep(_http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _git.UrlOf("private") }, HttpStatusCode.Created));
        await ManagementHelpers.EventuallyAsync(() => Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}")),
            details => details.GetProperty("health").Str("status") == "ok", "the rig's health check to pass");

        var sling = await Keep(_http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Add a greeting" }, HttpStatusCode.Created));
        var beadId = sling.GetProperty("bead").Id();
        var agentId = sling.GetProperty("agent").Id();
        await ManagementHelpers.EventuallyAsync(
            async () => (await Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads?status=closed"))).EnumerateArray().Any(b => b.Id() == beadId),
            closed => closed, "the bead to be merged and closed");

        var log = await ManagementHelpers.GitAsync(_root, "--git-dir", Path.Combine(_root, "private.git"), "log", "--format=%s", "main");
        log.ShouldContain("Merge gt/");
        log.ShouldContain("Add a greeting");
        _git.Authorized.ShouldBeGreaterThan(0);

        await Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}/beads/{beadId}/events"));
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}/events"));
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}/rigs"));
        await Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}/agents"));
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}/config"));
        await Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}/alarm"));

        // Never in an argv (clone, fetch, ls-remote, push, the agent), while all of that ran.
        watch.Scans.ShouldBeGreaterThan(10);
        watch.Hits.Where(hit => !decoys.Contains(hit.Key)).ShouldBeEmpty();
        // Never on disk outside the encrypted store (the store holds only ciphertext), nor in git's credential files.
        ManagementHelpers.FilesContaining(_app.DataDir, _token).ShouldBeEmpty();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        foreach (var credentials in new[] { Path.Combine(home, ".git-credentials"), Path.Combine(home, ".config", "git", "credentials") })
            (File.Exists(credentials) && File.ReadAllText(credentials).Contains(_token, StringComparison.Ordinal)).ShouldBeFalse();
        // Never in a response, an event, a log line or the agent's stream.
        _responses.ShouldAllBe(response => !response.Contains(_token, StringComparison.Ordinal));
        _app.LogLines.ShouldNotBeEmpty();
        _app.LogLines.Where(line => line.Contains(_token, StringComparison.Ordinal)).ShouldBeEmpty();
        var stream = _app.Services.GetRequiredService<AgentEventFeed>().History(agentId);
        stream.ShouldNotBeEmpty();
        stream.Where(e => e.Text.Contains(_token, StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_url_with_userinfo_moves_the_token_into_the_rigs_credentials_and_is_shown_without_it()
    {
        var town = await Keep(_http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created));
        var clean = _git.UrlOf("private");
        var withSecret = clean.Replace("http://", $"http://robot:{_token}@", StringComparison.Ordinal);

        var rig = await Keep(_http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = withSecret }, HttpStatusCode.Created));
        rig.Str("gitUrl").ShouldBe(clean);
        // The rig's own credentials reach the server: the health check passes without any town credentials.
        var details = await ManagementHelpers.EventuallyAsync(() => Keep(_http.GetJsonAsync($"/api/rigs/{rig.Id()}")),
            d => d.GetProperty("health").Str("status") != "checking", "the rig's health check");
        details.GetProperty("health").Str("status").ShouldBe("ok", details.ToString());
        details.Str("gitUrl").ShouldBe(clean);

        // updateRig takes the same route.
        var updated = await Keep(_http.PatchJsonAsync($"/api/rigs/{rig.Id()}", new { gitUrl = withSecret }, HttpStatusCode.OK));
        updated.Str("gitUrl").ShouldBe(clean);
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}/rigs"));
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}"));
        await Keep(_http.GetJsonAsync($"/api/towns/{town.Id()}/config"));

        _responses.ShouldAllBe(response => !response.Contains(_token, StringComparison.Ordinal));
        _app.LogLines.Where(line => line.Contains(_token, StringComparison.Ordinal)).ShouldBeEmpty();
        ManagementHelpers.FilesContaining(_app.DataDir, _token).ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_credentials_the_rig_is_unreachable_and_a_failed_dispatch_shows_at_once_on_the_agent_and_bead()
    {
        var town = await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var rig = await _http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _git.UrlOf("private") }, HttpStatusCode.Created);
        rig.GetProperty("health").Str("status").ShouldBe("checking");

        var health = (await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}"),
            d => d.GetProperty("health").Str("status") != "checking", "the rig's health check")).GetProperty("health");
        health.Str("status").ShouldBe("unreachable");
        health.Str("reason").ShouldContain("credentials");
        health.Str("reason").ShouldNotContain(_app.DataDir);

        var sling = await _http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Add a greeting" }, HttpStatusCode.Created);
        var agentId = sling.GetProperty("agent").Id();
        await FailedDispatchIsVisibleAsync(rig.Id(), agentId, sling.GetProperty("bead").Id());

        // Giving the town its credentials checks the rig again: now it answers.
        await _http.PatchJsonAsync($"/api/towns/{town.Id()}/config", new { git = new { username = "robot", token = _token } }, HttpStatusCode.OK);
        await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rig.Id()}"),
            d => d.GetProperty("health").Str("status") == "ok", "the rig to be reachable with the town's credentials");
    }

    /// <summary>The agent and the bead show the failed dispatch (error and next attempt) at once; the log has a warning; no server path leaks.</summary>
    private async Task FailedDispatchIsVisibleAsync(Guid rigId, Guid agentId, Guid beadId)
    {
        var agent = await ManagementHelpers.EventuallyAsync(
            async () => (await _http.GetJsonAsync($"/api/rigs/{rigId}/agents")).EnumerateArray().Single(a => a.Id() == agentId),
            a => a.GetProperty("lastError").ValueKind == JsonValueKind.String, "the agent to show the failed dispatch");
        agent.Str("lastError").ShouldContain("credentials");
        agent.Str("lastError").ShouldNotContain(Path.GetTempPath().TrimEnd('/'));
        agent.Str("nextAttemptAt").ShouldNotBeNullOrEmpty();
        var bead = (await _http.GetJsonAsync($"/api/rigs/{rigId}/beads")).EnumerateArray().Single(b => b.Id() == beadId);
        bead.Str("lastError").ShouldContain("credentials");
        bead.Str("nextAttemptAt").ShouldNotBeNullOrEmpty();
        // Between attempts the agent is idle with its hook (a pending dispatch); during a retry it is working, so wait
        // for the waiting state rather than catch the retry in flight.
        var alarm = await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{rigId}/alarm"),
            a => a.GetProperty("pendingDispatches").EnumerateArray().Any(p => p.Id("agentId") == agentId), "the pending dispatch in the alarm status");
        alarm.GetProperty("pendingDispatches").EnumerateArray().ShouldContain(p => p.Id("agentId") == agentId);
        _app.LogLines.ShouldContain(line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("Dispatch of agent"));
        // Events carry the meaning of the git error, never the server's paths (S3).
        var events = await _http.GetJsonAsync($"/api/rigs/{rigId}/beads/{beadId}/events");
        var failed = events.EnumerateArray().First(e => e.Str("type") == "dispatch_failed");
        failed.Str("newValue").ShouldNotContain(_app.DataDir);
        failed.Str("newValue").ShouldNotContain(Path.GetTempPath().TrimEnd('/'));
    }
}
