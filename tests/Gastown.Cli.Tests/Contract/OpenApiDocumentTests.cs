using System.Text.Json.Nodes;

namespace Gastown.Cli.Tests.Contract;

/// <summary>
/// The CLI's client is generated at build time from src/Gastown.Cli/openapi/gastown-v1.json. This test holds that
/// copy equal to what the server serves at /openapi/v1.json (but for `servers`, the address the request came in
/// on), so a changed route or schema fails here until the copy is refreshed, and the client with it.
/// GASTOWN_UPDATE_OPENAPI=1 rewrites the copy from the server.
/// </summary>
public sealed class OpenApiDocumentTests(CliServer world) : IClassFixture<CliServer>
{
    [Fact]
    public async Task The_document_the_client_is_generated_from_is_the_one_the_server_serves()
    {
        using var http = world.Server.Client(token: null);
        var served = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!.AsObject();
        served.Remove("servers");

        var path = Path.Combine(SourceRoot(), "src", "Gastown.Cli", "openapi", "gastown-v1.json");
        if (Environment.GetEnvironmentVariable("GASTOWN_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(path, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

        var copy = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        JsonNode.DeepEquals(served, copy).ShouldBeTrue(
            $"{path} is not what the server serves: run this test with GASTOWN_UPDATE_OPENAPI=1 to refresh it, then rebuild src/Gastown.Cli.");
    }

    [Fact]
    public async Task The_copy_covers_every_user_route_the_cli_calls()
    {
        var copy = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SourceRoot(), "src", "Gastown.Cli", "openapi", "gastown-v1.json")))!;
        var paths = copy["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/towns/{townId}/events");
        paths.ShouldContain("/api/towns/{townId}/agents/{agentId}/stream-url");
        paths.ShouldContain("/api/rigs/{rigId}/reviews/{reviewId}/approve");
        copy["servers"].ShouldBeNull("the copy carries no server address");
    }

    private static string SourceRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Gastown.sln"))) return folder.FullName;
        throw new InvalidOperationException($"Gastown.sln not found above {AppContext.BaseDirectory}.");
    }
}
