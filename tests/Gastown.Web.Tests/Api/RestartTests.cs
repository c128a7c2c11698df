namespace Gastown.Web.Tests.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task The_same_data_directory_serves_the_same_users_towns_rigs_and_beads_after_a_restart()
    {
        await using var first = new GastownApp(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" });
        var (alice, http) = await first.SignInNewUserAsync("alice");
        var town = await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var rig = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs",
            new { name = "web", gitUrl = "https://127.0.0.1:1/example/web.git", defaultBranch = "trunk" }, HttpStatusCode.Created);
        var bead = (await http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Survive" }, HttpStatusCode.Created)).GetProperty("bead");
        var dataDir = first.DataDir;

        await using var second = await first.RestartAsync();

        second.DataDir.ShouldBe(dataDir);
        var again = second.CreateClientFor(alice);
        var towns = await again.GetJsonAsync("/api/towns");
        towns.EnumerateArray().Select(t => (t.Id(), t.Str("name"))).ShouldBe([(town.Id(), "alpha")]);
        var townAgain = await again.GetJsonAsync($"/api/towns/{town.Id()}");
        townAgain.Str("createdAt").ShouldBe(town.Str("createdAt"));
        var rigAgain = await again.GetJsonAsync($"/api/rigs/{rig.Id()}");
        (rigAgain.Str("name"), rigAgain.Str("gitUrl"), rigAgain.Str("defaultBranch")).ShouldBe(("web", "https://127.0.0.1:1/example/web.git", "trunk"));
        var beads = await again.GetJsonAsync($"/api/rigs/{rig.Id()}/beads");
        beads.EnumerateArray().Select(b => (b.Id(), b.Str("title"))).ShouldBe([(bead.Id(), "Survive")]);
        // The settings came along too.
        await (await again.PostAsJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "local", gitUrl = "file:///etc" }, Json.Ct))
            .ShouldBeValidationProblemOnAsync("gitUrl");
        // A name is still taken after the restart.
        await again.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_data_directory_is_deleted_with_the_last_server()
    {
        string dataDir;
        await using (var first = new GastownApp())
        {
            dataDir = first.DataDir;
            await using var second = await first.RestartAsync();
            Directory.Exists(dataDir).ShouldBeTrue();
        }
        Directory.Exists(dataDir).ShouldBeFalse();
    }
}
