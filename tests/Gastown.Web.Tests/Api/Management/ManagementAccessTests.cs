namespace Gastown.Web.Tests.Api.Management;

/// <summary>Every management route: 401 without a token, 404 on another user's town, rig, bead or agent (the same as a missing one).</summary>
public sealed class ManagementAccessTests : IAsyncLifetime
{
    private readonly GastownApp _app = new(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" });
    private HttpClient _alice = null!;
    private HttpClient _bob = null!;
    private Guid _townId;
    private Guid _rigId;
    private Guid _beadId;
    private Guid _agentId;

    public async ValueTask InitializeAsync()
    {
        (_, _alice) = await _app.SignInNewUserAsync("alice");
        (_, _bob) = await _app.SignInNewUserAsync("bob");
        _townId = (await _alice.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
        _rigId = (await _alice.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = "https://127.0.0.1:1/x.git" }, HttpStatusCode.Created)).Id();
        var sling = await _alice.PostJsonAsync($"/api/rigs/{_rigId}/sling", new { title = "Work" }, HttpStatusCode.Created);
        _beadId = sling.GetProperty("bead").Id();
        _agentId = sling.GetProperty("agent").Id();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static readonly TheoryData<string, string> Routes = new()
    {
        { "PATCH", "/api/towns/{town}" },
        { "DELETE", "/api/towns/{town}" },
        { "GET", "/api/towns/{town}/config" },
        { "PATCH", "/api/towns/{town}/config" },
        { "GET", "/api/towns/{town}/rigs" },
        { "GET", "/api/towns/{town}/events" },
        { "PATCH", "/api/rigs/{rig}" },
        { "DELETE", "/api/rigs/{rig}" },
        { "GET", "/api/rigs/{rig}/alarm" },
        { "PATCH", "/api/rigs/{rig}/beads/{bead}" },
        { "DELETE", "/api/rigs/{rig}/beads/{bead}" },
        { "POST", "/api/rigs/{rig}/beads/{bead}/cancel" },
        { "POST", "/api/rigs/{rig}/beads/{bead}/retry" },
        { "POST", "/api/rigs/{rig}/agents/{agent}/reset" },
        { "DELETE", "/api/rigs/{rig}/agents/{agent}" },
    };

    private HttpRequestMessage Request(string method, string route)
    {
        var path = route.Replace("{town}", _townId.ToString()).Replace("{rig}", _rigId.ToString())
            .Replace("{bead}", _beadId.ToString()).Replace("{agent}", _agentId.ToString());
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        // A body that would be valid for the owner, so only the access check can refuse it.
        if (method == "PATCH") request.Content = JsonContent.Create(new { name = "renamed", title = "Renamed" });
        return request;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Without_a_token_the_answer_is_401(string method, string route)
    {
        var anonymous = _app.CreateAnonymousClient();
        await (await anonymous.SendAsync(Request(method, route), Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_users_resource_answers_404_and_stays_as_it_was(string method, string route)
    {
        var response = await _bob.SendAsync(Request(method, route), Json.Ct);
        var problem = await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        problem.GetProperty("status").GetInt32().ShouldBe(404);

        (await _alice.GetJsonAsync($"/api/towns/{_townId}")).Str("name").ShouldBe("alpha");
        (await _alice.GetJsonAsync($"/api/rigs/{_rigId}")).Str("name").ShouldBe("web");
        var beads = await _alice.GetJsonAsync($"/api/rigs/{_rigId}/beads");
        beads.EnumerateArray().Single(b => b.Id() == _beadId).Str("title").ShouldBe("Work");
        (await _alice.GetJsonAsync($"/api/rigs/{_rigId}/agents")).EnumerateArray().Select(a => a.Id()).ShouldContain(_agentId);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_missing_resource_answers_404(string method, string route)
    {
        var missing = route.Contains("{bead}") ? route.Replace("{bead}", Guid.NewGuid().ToString())
            : route.Contains("{agent}") ? route.Replace("{agent}", Guid.NewGuid().ToString())
            : route.Replace("{town}", Guid.NewGuid().ToString()).Replace("{rig}", Guid.NewGuid().ToString());
        await (await _alice.SendAsync(Request(method, missing), Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }
}
