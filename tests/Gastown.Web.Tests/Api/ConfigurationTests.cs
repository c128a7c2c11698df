using System.Net;
using Gastown.Web.Tests.Support;

namespace Gastown.Web.Tests.Api;

/// <summary>Local repositories (file:// and paths) only where the operator allows them: on in Development, off otherwise.</summary>
public sealed class ConfigurationTests
{
    private static async Task<HttpResponseMessage> CreateRigAsync(GastownApp app, string gitUrl)
    {
        var (_, http) = await app.SignInNewUserAsync();
        var town = await http.PostJsonAsync("/api/towns", new { name = "t" }, HttpStatusCode.Created);
        return await http.PostAsJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "local", gitUrl }, Json.Ct);
    }

    [Fact]
    public async Task Development_allows_local_repositories_by_default()
    {
        await using var app = new GastownApp();
        await (await CreateRigAsync(app, "file:///srv/git/repo.git")).ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Production_refuses_them_by_default()
    {
        await using var app = new GastownApp(environment: "Production");
        await (await CreateRigAsync(app, "file:///etc")).ShouldBeValidationProblemOnAsync("gitUrl");
    }

    [Fact]
    public async Task The_operator_can_turn_them_off_in_Development()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "false" });
        await (await CreateRigAsync(app, "file:///etc")).ShouldBeValidationProblemOnAsync("gitUrl");
        await (await CreateRigAsync(app, "/etc")).ShouldBeValidationProblemOnAsync("gitUrl");
    }

    [Fact]
    public async Task The_operator_can_turn_them_on_in_Production()
    {
        await using var app = new GastownApp(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "true" }, "Production");
        await (await CreateRigAsync(app, "file:///srv/git/repo.git")).ShouldHaveStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Each_app_serves_its_own_data_directory_on_a_loopback_port()
    {
        await using var one = new GastownApp();
        await using var two = new GastownApp();

        one.DataDir.ShouldNotBe(two.DataDir);
        one.BaseAddress.Host.ShouldBe("127.0.0.1");
        one.BaseAddress.Port.ShouldNotBe(two.BaseAddress.Port);
        File.Exists(Path.Combine(one.DataDir, "directory.db")).ShouldBeTrue();
        var user = await one.CreateUserAsync();
        await two.CreateClientFor(user).GetJsonAsync("/api/me", HttpStatusCode.Unauthorized);
    }
}
