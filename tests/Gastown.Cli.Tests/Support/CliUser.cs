using Gastown.Cli.Hosting;

namespace Gastown.Cli.Tests.Support;

/// <summary>
/// A person at a shell: their home folder (where `gastown login` keeps its config), their token, and `gastown` run
/// in-process through the same entry point as the tool, with its own streams and environment.
/// </summary>
public sealed class CliUser(CliServer server, string token, string home)
{
    public string Token { get; } = token;

    public string Home { get; } = home;

    public CliServer Server { get; } = server;

    public string ConfigPath => Path.Combine(Home, ".config", "gastown", "config.json");

    /// <summary>Variables beyond HOME, e.g. GASTOWN_URL / GASTOWN_TOKEN.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync("", args);

    public Task<CliRun> RunWithInputAsync(string input, params string[] args) => RunAsync(input, TimeSpan.FromSeconds(120), args);

    /// <summary>Runs until the command ends, or until <paramref name="stopAfter"/> (then it is cancelled, as Ctrl-C would).</summary>
    public async Task<CliRun> RunAsync(string input, TimeSpan stopAfter, params string[] args)
    {
        var running = Start(input, args);
        running.StopAfter(stopAfter);
        return await running.Completion;
    }

    /// <summary>Starts a command that runs until stopped (`feed --follow`, `peek`), its output readable meanwhile.</summary>
    public RunningCli Start(string input, params string[] args)
    {
        var environment = new Dictionary<string, string>(Environment, StringComparer.Ordinal) { ["HOME"] = Home };
        return new RunningCli(input, environment, args);
    }

    /// <summary>Logs in (token given on the command line) and checks it worked.</summary>
    public async Task<CliUser> LoginAsync()
    {
        (await RunAsync("login", Server.Url.ToString(), "--token", Token)).ShouldExit(0);
        return this;
    }
}
