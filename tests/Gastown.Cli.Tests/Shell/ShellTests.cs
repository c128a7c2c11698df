namespace Gastown.Cli.Tests.Shell;

/// <summary>Shell completions (System.CommandLine's [suggest] directive behind `gastown completion`) and usage errors.</summary>
public sealed class ShellTests(CliServer world) : IClassFixture<CliServer>
{
    [Fact]
    public async Task Completion_scripts_ask_gastown_for_candidates_that_name_its_commands_and_options()
    {
        var cli = world.Admin();
        var bash = (await cli.RunAsync("completion", "bash")).ShouldExit(0).Out;
        bash.ShouldContain("complete -o default -F _gastown_complete gastown");
        bash.ShouldContain("gastown \"[suggest:${COMP_POINT}]\" \"${COMP_LINE}\"");
        (await cli.RunAsync("completion", "zsh")).ShouldExit(0).Out.ShouldContain("compdef _gastown_complete gastown");
        (await cli.RunAsync("completion", "fish")).ShouldExit(0).Out.ShouldContain("complete -c gastown");
        (await cli.RunAsync("completion", "tcsh")).ShouldExit(2).Err.ShouldStartWith("error: Argument 'tcsh' not recognized. Must be one of:");

        // What the scripts run: the candidates at the cursor of a command line.
        Lines(await cli.RunAsync("[suggest:10]", "gastown ri")).ShouldBe(["rig", "rigs"]);
        Lines(await cli.RunAsync("[suggest:12]", "gastown rig ")).ShouldBe(["--help", "--json", "--town", "-?", "-h", "-t", "/?", "/h", "add", "rm", "set"], ignoreOrder: true);
        Lines(await cli.RunAsync("[suggest:19]", "gastown feed --foll")).ShouldBe(["--follow"]);
    }

    [Fact]
    public async Task Usage_errors_exit_2_naming_the_problem_and_help_exits_0()
    {
        var cli = world.Admin();
        (await cli.RunAsync()).ShouldExit(2).Err.ShouldBe("error: Required command was not provided.\nRun 'gastown --help' for usage.\n");
        (await cli.RunAsync("sling")).ShouldExit(2).Err.ShouldBe(
            "error: Required argument 'rig' missing for command: 'sling'.\nerror: Required argument 'title' missing for command: 'sling'.\nRun 'gastown sling --help' for usage.\n");
        (await cli.RunAsync("feed", "--limit", "many")).ShouldExit(2).Err.ShouldStartWith("error: Cannot parse argument 'many' for option '--limit'");
        var help = (await cli.RunAsync("--help")).ShouldExit(0).Out;
        foreach (var command in new[] { "login", "towns", "town", "rigs", "rig", "config", "sling", "beads", "bead", "cancel", "retry", "status", "feed", "peek", "mayor", "reviews", "review", "approve", "reject", "use", "completion" })
            help.ShouldContain($"  {command} ");
    }

    private static string[] Lines(CliRun run) => run.ShouldExit(0).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
