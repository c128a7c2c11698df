using System.Text.Json;

namespace Gastown.Cli.Tests.Auth;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
/// <summary>`login`, `whoami`, `logout`: the config file (0600, never echoing the token) and GASTOWN_URL / GASTOWN_TOKEN.</summary>
public sealed class LoginTests(CliServer world) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Login_with_a_token_keeps_url_and_token_in_a_0600_file_and_whoami_answers_the_user()
    {
        var ann = world.Admin();
        var login = (await ann.RunAsync("login", world.Url.ToString(), "--token", ann.Token)).ShouldExit(0);
        login.Out.ShouldStartWith($"Logged in to {world.Url} as user ");
        login.Err.ShouldBeEmpty();

        File.GetUnixFileMode(ann.ConfigPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(ann.ConfigPath)!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using (var config = JsonDocument.Parse(await File.ReadAllTextAsync(ann.ConfigPath)))
        {
            config.RootElement.GetProperty("url").GetString().ShouldBe(world.Url.ToString());
            config.RootElement.GetProperty("token").GetString().ShouldBe(ann.Token);
        }

        var whoami = (await ann.RunAsync("whoami")).ShouldExit(0);
        whoami.Out.ShouldMatch($"^user [0-9a-f-]{{36}} at {System.Text.RegularExpressions.Regex.Escape(world.Url.ToString())}\n$");
        var json = (await ann.RunAsync("whoami", "--json")).ShouldExit(0);
        using (var me = JsonDocument.Parse(json.Out)) me.RootElement.GetProperty("url").GetString().ShouldBe(world.Url.ToString());

        foreach (var run in new[] { login, whoami, json }) (run.Out + run.Err).ShouldNotContain(ann.Token);
    }

    [Fact]
    public async Task Login_reads_the_token_from_stdin_when_none_is_given_and_never_prints_it()
    {
        var bea = world.Admin();
        var login = (await bea.RunWithInputAsync(bea.Token + "\n", "login", world.Url.ToString())).ShouldExit(0);
        (login.Out + login.Err).ShouldNotContain(bea.Token);
        (await File.ReadAllTextAsync(bea.ConfigPath)).ShouldContain(bea.Token);
        File.GetUnixFileMode(bea.ConfigPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task A_refused_token_is_exit_4_with_the_servers_reason_and_nothing_is_saved()
    {
        var cal = world.Admin();
        var login = (await cal.RunAsync("login", world.Url.ToString(), "--token", "gt_not-a-token")).ShouldExit(4);
        login.Out.ShouldBeEmpty();
        login.Err.ShouldBe("error: Unauthorized (run `gastown login <url>` with a valid token, or set GASTOWN_TOKEN)\n");
        login.Err.ShouldNotContain("gt_not-a-token");
        File.Exists(cal.ConfigPath).ShouldBeFalse();
    }

    [Fact]
    public async Task Without_a_login_a_command_says_how_to_log_in_with_exit_2()
    {
        var dan = world.Admin();
        var towns = (await dan.RunAsync("towns")).ShouldExit(2);
        towns.Err.ShouldBe("error: not logged in: run `gastown login <url>` first (or set GASTOWN_URL and GASTOWN_TOKEN).\n");

        (await dan.RunAsync("login", "not a url", "--token", dan.Token)).ShouldExit(2)
            .Err.ShouldBe("error: 'not a url' is not a server address: give it as http://host:port or https://host.\n");
    }

    [Fact]
    public async Task GASTOWN_URL_and_GASTOWN_TOKEN_override_the_config_file()
    {
        var eve = await world.Admin().LoginAsync();
        var other = await world.NewUserAsync("other");
        eve.Environment["GASTOWN_TOKEN"] = other.Token;
        var asOther = (await eve.RunAsync("whoami")).ShouldExit(0);
        eve.Environment.Remove("GASTOWN_TOKEN");
        var asEve = (await eve.RunAsync("whoami")).ShouldExit(0);
        asOther.Out.ShouldNotBe(asEve.Out);

        eve.Environment["GASTOWN_URL"] = "http://127.0.0.1:1";
        var down = (await eve.RunAsync("whoami")).ShouldExit(5);
        down.Err.ShouldStartWith("error: cannot reach the server at http://127.0.0.1:1/: ");
        down.Err.ShouldNotContain("   at ");
        down.Err.ShouldNotContain(eve.Token);
    }

    [Fact]
    public async Task Logout_forgets_the_server_and_token()
    {
        var fay = await world.Admin().LoginAsync();
        (await fay.RunAsync("logout")).ShouldExit(0).Out.ShouldBe("Logged out.\n");
        File.Exists(fay.ConfigPath).ShouldBeFalse();
        (await fay.RunAsync("whoami")).ShouldExit(2);
        (await fay.RunAsync("logout")).ShouldExit(0).Out.ShouldBe("Not logged in.\n");
    }

    [Fact]
    public async Task At_a_terminal_login_asks_for_the_token_without_echoing_it()
    {
        Tmux.Require();
        var hal = world.Admin();
        await using var terminal = new Tmux();
        await terminal.StartAsync(new Dictionary<string, string> { ["HOME"] = hal.Home, ["TERM"] = "xterm-256color" },
            Gastown.Infrastructure.Container.DotnetHost.Path, CliProcess.ProgramPath, "login", world.Url.ToString());
        await terminal.WaitForScreenAsync(screen => screen.Contains("Token:"), "the token prompt", TimeSpan.FromSeconds(60));
        await terminal.TypeAsync(hal.Token);
        await terminal.KeyAsync("Enter");
        var screen = await terminal.WaitForScreenAsync(screen => screen.Contains("Logged in to"), "the login to finish", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => await terminal.ExitStatusAsync() is not null, "gastown login to exit", TimeSpan.FromSeconds(30));
        (await terminal.ExitStatusAsync()).ShouldBe(0);
        screen.ShouldNotContain(hal.Token);
        (await File.ReadAllTextAsync(hal.ConfigPath)).ShouldContain(hal.Token);
        File.GetUnixFileMode(hal.ConfigPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task The_real_process_keeps_the_token_out_of_its_output_and_exits_with_the_codes_scripts_read()
    {
        // A user of its own: the admin's token is printed by the server itself at its first start.
        var gus = await world.NewUserAsync("gus");
        var environment = new Dictionary<string, string> { ["HOME"] = gus.Home };

        var login = (await CliProcess.RunAsync(environment, gus.Token + "\n", "login", world.Url.ToString())).ShouldExit(0);
        (login.Out + login.Err).ShouldNotContain(gus.Token);
        File.GetUnixFileMode(gus.ConfigPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        (await CliProcess.RunAsync(environment, "", "whoami")).ShouldExit(0);
        (await CliProcess.RunAsync(environment, "", "town", "rename", "nowhere", "x")).ShouldExit(3).Err.ShouldBe("error: no town 'nowhere'.\n");
        (await CliProcess.RunAsync(environment, "", "no-such-command")).ShouldExit(2);
        (await CliProcess.RunAsync(new Dictionary<string, string>(environment) { ["GASTOWN_URL"] = "http://127.0.0.1:1" }, "", "towns")).ShouldExit(5);

        // Nothing the server logged carries the token either.
        world.Server.Log.ShouldNotContain(gus.Token);
    }
}
