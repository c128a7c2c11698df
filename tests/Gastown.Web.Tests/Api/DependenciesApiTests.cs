using Gastown.Testing;
namespace Gastown.Web.Tests.Api;

/// <summary>Dependencies and holds through HTTP (issue 23): the routes as the issue writes them, 400/404 on bad input.</summary>
public abstract class DependenciesApiTests(TestStorage storage) : IAsyncLifetime
{
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

    private async Task<Guid> CreateRigAsync(string name) =>
        (await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name, gitUrl = GitUrl }, HttpStatusCode.Created)).Id();

    [Fact]
    public async Task Sling_with_dependsOn_across_rigs_answers_the_blocked_bead_and_patch_hold_release_answer_as_written()
    {
        var api = await CreateRigAsync("api");
        var web = await CreateRigAsync("web");
        var a = (await _http.PostJsonAsync($"/api/rigs/{api}/sling", new { title = "A" }, HttpStatusCode.Created)).GetProperty("bead");
        var slung = await _http.PostJsonAsync($"/api/rigs/{web}/sling", new { title = "B", dependsOn = new[] { a.Id() } }, HttpStatusCode.Created);

        slung.GetProperty("queued").GetBoolean().ShouldBeTrue();
        var b = slung.GetProperty("bead");
        b.GetProperty("dependsOn").EnumerateArray().Select(x => Guid.Parse(x.GetString()!)).ShouldBe([a.Id()]);
        b.GetProperty("blockedBy").EnumerateArray().Select(x => Guid.Parse(x.GetString()!)).ShouldBe([a.Id()]);
        b.GetProperty("held").GetBoolean().ShouldBeFalse();
        a.GetProperty("dependsOn").GetArrayLength().ShouldBe(0);
        a.GetProperty("blockedBy").GetArrayLength().ShouldBe(0);

        var held = await (await _http.PostAsync($"/api/rigs/{web}/beads/{b.Id()}/hold", null, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        held.GetProperty("held").GetBoolean().ShouldBeTrue();
        var released = await (await _http.PostAsync($"/api/rigs/{web}/beads/{b.Id()}/release", null, Json.Ct)).ShouldHaveStatusAsync(HttpStatusCode.OK);
        released.GetProperty("held").GetBoolean().ShouldBeFalse();

        var cleared = await (await _http.PatchAsJsonAsync($"/api/rigs/{web}/beads/{b.Id()}", new { dependsOn = Array.Empty<Guid>() }, Json.Ct))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        cleared.GetProperty("dependsOn").GetArrayLength().ShouldBe(0);

        var listed = await _http.GetJsonAsync($"/api/rigs/{web}/beads");
        listed.EnumerateArray().Single().GetProperty("blockedBy").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_cycle_is_400_naming_dependsOn_and_another_towns_bead_is_404()
    {
        var rig = await CreateRigAsync("web");
        var a = (await _http.PostJsonAsync($"/api/rigs/{rig}/sling", new { title = "A" }, HttpStatusCode.Created)).GetProperty("bead").Id();
        var b = (await _http.PostJsonAsync($"/api/rigs/{rig}/sling", new { title = "B", dependsOn = new[] { a } }, HttpStatusCode.Created)).GetProperty("bead").Id();

        await (await _http.PatchAsJsonAsync($"/api/rigs/{rig}/beads/{a}", new { dependsOn = new[] { b } }, Json.Ct)).ShouldBeValidationProblemOnAsync("dependsOn");
        await (await _http.PostAsJsonAsync($"/api/rigs/{rig}/sling", new { title = "C", dependsOn = new[] { Guid.Empty } }, Json.Ct))
            .ShouldBeValidationProblemOnAsync("dependsOn");

        var (_, bob) = await _app.SignInNewUserAsync("bob");
        var theirTown = (await bob.PostJsonAsync("/api/towns", new { name = "beta" }, HttpStatusCode.Created)).Id();
        var theirRig = (await bob.PostJsonAsync($"/api/towns/{theirTown}/rigs", new { name = "web", gitUrl = GitUrl }, HttpStatusCode.Created)).Id();
        var theirs = (await bob.PostJsonAsync($"/api/rigs/{theirRig}/sling", new { title = "Theirs" }, HttpStatusCode.Created)).GetProperty("bead").Id();
        (await _http.PostAsJsonAsync($"/api/rigs/{rig}/sling", new { title = "C", dependsOn = new[] { theirs } }, Json.Ct)).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await _http.PostAsync($"/api/rigs/{theirRig}/beads/{theirs}/hold", null, Json.Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteDependenciesApiTests() : DependenciesApiTests(TestStorage.Sqlite);

public sealed class PostgresDependenciesApiTests(PostgresFixture postgres) : DependenciesApiTests(TestStorage.Postgres(postgres));
