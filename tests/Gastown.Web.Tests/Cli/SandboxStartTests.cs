using Gastown.Testing;

namespace Gastown.Web.Tests.Cli;

/// <summary>The sandbox rule as the operator meets it: a Production server without the sandbox does not start.</summary>
public sealed class SandboxStartTests
{
    [Fact]
    public async Task Production_with_mode_none_refuses_to_start_and_says_how_to_opt_in()
    {
        var dataDir = Directory.CreateTempSubdirectory("gastown-sandbox-start-").FullName;
        try
        {
            var (exitCode, lines) = await GastownProcess.RunAsync(dataDir, "--urls", "http://127.0.0.1:0", "--Gastown:Sandbox:Mode=none");

            exitCode.ShouldBe(1, string.Join('\n', lines));
            lines.ShouldContain(line => line.Contains("Gastown cannot start", StringComparison.Ordinal)
                                        && line.Contains("Gastown:Sandbox:AllowUnsandboxed=true", StringComparison.Ordinal));
            lines.ShouldNotContain(line => line.Contains("Now listening", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Production_with_bubblewrap_reports_it_on_health()
    {
        BubblewrapRequirement.Require();
        var dataDir = Directory.CreateTempSubdirectory("gastown-sandbox-start-").FullName;
        try
        {
            await using var server = GastownProcess.Start(dataDir, "--urls", "http://127.0.0.1:0");
            var address = await server.WaitUntilListeningAsync();
            using var http = new HttpClient { BaseAddress = address };
            var health = await http.GetJsonAsync("/health");
            health.GetProperty("sandbox").GetString().ShouldBe("bubblewrap");
            await server.StopAsync();
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
