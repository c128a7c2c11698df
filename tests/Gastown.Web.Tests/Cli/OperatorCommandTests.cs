using Gastown.Web.Cli;

namespace Gastown.Web.Tests.Cli;

/// <summary>The server executable itself, run as the operator runs it: its own process, a data directory, its output.</summary>
public sealed class OperatorCommandTests
{
    private const string AdminPrefix = "Admin token: ";

    [Fact]
    public async Task The_first_start_prints_the_admin_token_once_and_never_again()
    {
        var dataDir = Directory.CreateTempSubdirectory("gastown-cli-tests-").FullName;
        try
        {
            string token;
            await using (var first = GastownProcess.Start(dataDir, "--urls", "http://127.0.0.1:0"))
            {
                var line = await first.WaitForLineAsync(l => l.StartsWith(AdminPrefix, StringComparison.Ordinal), "the admin token");
                token = line[AdminPrefix.Length..];
                var address = await first.WaitUntilListeningAsync();

                using var http = new HttpClient { BaseAddress = address };
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                var me = await http.GetJsonAsync("/api/me");
                me.Id().ShouldNotBe(Guid.Empty);

                await first.StopAsync();
                first.Lines.Count(l => l.Contains("Admin token", StringComparison.Ordinal)).ShouldBe(1);
            }
            token.ShouldStartWith("gt_");

            await using var second = GastownProcess.Start(dataDir, "--urls", "http://127.0.0.1:0");
            // The token line would come before Kestrel listens; once it listens, the start-up has said all it says.
            var again = await second.WaitUntilListeningAsync();
            using (var http = new HttpClient { BaseAddress = again })
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
                await http.GetJsonAsync("/api/me");
            }
            await second.StopAsync();
            second.Lines.ShouldNotContain(l => l.Contains("Admin token", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Users_add_prints_a_token_as_its_last_line_and_the_running_server_takes_it()
    {
        await using var app = new GastownApp();

        var (exitCode, lines) = await GastownProcess.RunAsync(app.DataDir, "users", "add", "carol");

        exitCode.ShouldBe(0, string.Join('\n', lines));
        var token = lines.Last(line => line.Length > 0);
        token.ShouldMatch("^gt_[A-Za-z0-9_-]{43}$");
        var me = await app.CreateClientWithToken(token).GetJsonAsync("/api/me");
        var carol = (await GastownProcess.RunAsync(app.DataDir, "users", "list")).Lines.Single(l => l.StartsWith("carol\t", StringComparison.Ordinal));
        carol.ShouldContain(me.Str("id"));
    }

    [Fact]
    public async Task Tokens_revoke_from_the_command_line_locks_out_a_running_server_at_once()
    {
        await using var app = new GastownApp();
        var (dave, http) = await app.SignInNewUserAsync("dave");
        await http.GetJsonAsync("/api/me");

        var (exitCode, lines) = await GastownProcess.RunAsync(app.DataDir, "tokens", "revoke", dave.Name);

        exitCode.ShouldBe(0, string.Join('\n', lines));
        lines.ShouldContain("Revoked 1 token(s) of dave.");
        await http.GetJsonAsync("/api/me", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Commands_report_failures_with_a_non_zero_exit_code()
    {
        await using var app = new GastownApp();
        await app.CreateUserAsync("erin");

        var output = new StringWriter();
        (await OperatorCommands.RunAsync(app.Services, ["users", "add", "erin"], output)).ShouldBe(1);
        output.ToString().ShouldContain("Conflict");

        output = new StringWriter();
        (await OperatorCommands.RunAsync(app.Services, ["tokens", "add", "nobody"], output)).ShouldBe(1);
        output.ToString().ShouldContain("NotFound");

        output = new StringWriter();
        (await OperatorCommands.RunAsync(app.Services, ["users", "frobnicate"], output)).ShouldBe(2);
        output.ToString().Trim().ShouldBe(OperatorCommands.Usage);
    }

    [Fact]
    public async Task Tokens_add_prints_a_second_working_token_as_its_last_line()
    {
        await using var app = new GastownApp();
        var (_, http) = await app.SignInNewUserAsync("frank");

        var output = new StringWriter();
        (await OperatorCommands.RunAsync(app.Services, ["tokens", "add", "frank"], output)).ShouldBe(0);

        var token = output.ToString().TrimEnd().Split('\n')[^1];
        (await app.CreateClientWithToken(token).GetJsonAsync("/api/me")).Id().ShouldBe((await http.GetJsonAsync("/api/me")).Id());
    }

    [Fact]
    public async Task PrintAdminTokenOnFirstStart_prints_nothing_once_a_user_exists()
    {
        // GastownApp's own start already made admin; a second call is a later start.
        await using var app = new GastownApp();
        var output = new StringWriter();

        await OperatorCommands.PrintAdminTokenOnFirstStartAsync(app.Services, output);

        output.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task Agents_list_names_every_preset_and_its_endpoint_but_never_a_key()
    {
        await using var app = new GastownApp(new Dictionary<string, string?>
        {
            ["Gastown:Agents:Polecat:Preset"] = "codex",
            ["Gastown:Agents:Endpoints:OpenAI:BaseUrl"] = "http://127.0.0.1:9",
            ["Gastown:Agents:Endpoints:OpenAI:ApiKey"] = "sk-never-printed",
        });
        var output = new StringWriter();

        (await OperatorCommands.RunAsync(app.Services, ["agents", "list"], output)).ShouldBe(0);

        var lines = output.ToString().Split('\n');
        lines.ShouldContain(line => line.StartsWith("polecat preset: codex", StringComparison.Ordinal));
        foreach (var preset in new[] { "demo", "command", "claude", "codex", "opencode", "kilo", "gemini" })
            lines.ShouldContain(line => line.StartsWith(preset + "\t", StringComparison.Ordinal), preset);
        lines.Single(line => line.StartsWith("codex\t", StringComparison.Ordinal)).ShouldContain("http://127.0.0.1:9, key set");
        output.ToString().ShouldNotContain("sk-never-printed");
    }

    [Fact]
    public async Task Agents_list_shows_the_model_each_preset_will_use_configured_else_the_clis_default()
    {
        await using var app = new GastownApp(new Dictionary<string, string?>
        {
            ["Gastown:Agents:Polecat:Preset"] = "codex",
            ["Gastown:Agents:Mayor:Model"] = "gpt-5-codex",
        });
        var output = new StringWriter();

        (await OperatorCommands.RunAsync(app.Services, ["agents", "list"], output)).ShouldBe(0);

        var lines = output.ToString().Split('\n');
        lines.Single(line => line.StartsWith("codex\t", StringComparison.Ordinal)).ShouldEndWith("gpt-6.2-sol (CLI default) / gpt-5-codex");
        lines.Single(line => line.StartsWith("claude\t", StringComparison.Ordinal)).ShouldContain("claude-opus-4-8 (CLI default) / gpt-5-codex");
        lines.Single(line => line.StartsWith("opencode\t", StringComparison.Ordinal)).ShouldContain("default (CLI default)");
    }

    [Fact]
    public async Task Agents_install_refuses_an_unknown_agent_before_running_npm()
    {
        await using var app = new GastownApp();
        var output = new StringWriter();

        (await OperatorCommands.RunAsync(app.Services, ["agents", "install", "claude", "rm -rf"], output)).ShouldBe(2);

        output.ToString().ShouldContain("unknown agent(s) rm -rf");
    }
}
