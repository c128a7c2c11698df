using Gastown.Cli.Commands;

namespace Gastown.Cli;

/// <summary>
/// `gastown`: the command tree (System.CommandLine), run once per process. Every failure ends as a message on stderr
/// and an exit code (<see cref="ExitCodes"/>): usage 2, not found 3, refused 4, server error 5.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, Terminal terminal, CancellationToken ct = default)
    {
        var root = Build(terminal);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parse.Errors) await terminal.Error.WriteLineAsync($"error: {error.Message}");
            var command = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Reverse().Select(c => c.Name).Append(parse.CommandResult.Command.Name)
                .Where(name => name != root.Name).Prepend("gastown"));
            await terminal.Error.WriteLineAsync($"Run '{command} --help' for usage.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = terminal.Output, Error = terminal.Error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(configuration, ct);
    }

    public static RootCommand Build(Terminal terminal)
    {
        var root = new RootCommand("gastown: drive a Gastown server from the terminal (towns, rigs, beads, reviews, the mayor).");
        var globals = new GlobalOptions();
        root.Add(globals.Json);
        root.Add(globals.Town);
        var commands = new CommandFactory(terminal, globals);
        foreach (var command in AuthCommands.Build(commands)
                     .Concat(TownCommands.Build(commands))
                     .Concat(RigCommands.Build(commands))
                     .Concat(ConfigCommands.Build(commands))
                     .Concat(WorkCommands.Build(commands))
                     .Concat(ConvoyCommands.Build(commands))
                     .Concat(WatchCommands.Build(commands))
                     .Concat(MayorCommands.Build(commands))
                     .Concat(ReviewCommands.Build(commands))
                     .Concat(CompletionCommands.Build(commands)))
            root.Add(command);
        return root;
    }
}
