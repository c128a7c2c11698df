namespace Gastown.Cli.Hosting;

/// <summary>
/// Makes commands whose action runs with a <see cref="CommandContext"/> and turns whatever it throws into a message
/// and an exit code: <see cref="CliException"/> as it says, a refusal of the server (<see cref="ApiException"/>) by
/// its status.
/// </summary>
internal sealed class CommandFactory(Terminal terminal, GlobalOptions globals)
{
    public Terminal Terminal => terminal;

    public Command Create(string name, string description, Func<CommandContext, ParseResult, Task> action, params Symbol[] symbols) =>
        Create(name, description, async (context, parse) =>
        {
            await action(context, parse);
            return ExitCodes.Ok;
        }, symbols);

    public Command Create(string name, string description, Func<CommandContext, ParseResult, Task<int>> action, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument: command.Add(argument); break;
                case Option option: command.Add(option); break;
                case Command sub: command.Add(sub); break;
            }
        }
        command.SetAction((parse, ct) => RunAsync(parse, action, ct));
        return command;
    }

    /// <summary>A command that only groups others (`town create|rename|delete`).</summary>
    public static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands) group.Add(command);
        return group;
    }

    private async Task<int> RunAsync(ParseResult parse, Func<CommandContext, ParseResult, Task<int>> action, CancellationToken ct)
    {
        using var context = new CommandContext(terminal, parse.GetValue(globals.Json), parse.GetValue(globals.Town), ct);
        try
        {
            return await action(context, parse);
        }
        catch (CliException failure)
        {
            await terminal.Error.WriteLineAsync($"error: {failure.Message}");
            return failure.ExitCode;
        }
        catch (ApiException refusal)
        {
            var failure = Problems.From(refusal);
            await terminal.Error.WriteLineAsync($"error: {failure.Message}");
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Failed;
        }
    }
}
