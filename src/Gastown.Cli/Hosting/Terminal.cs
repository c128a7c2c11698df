using System.Collections;
using Spectre.Console;

namespace Gastown.Cli.Hosting;

/// <summary>
/// Everything a command reads from or writes to the world outside the server: the standard streams, the environment
/// and whether a person sits at a terminal. The process passes the real console; tests pass their own, so the CLI
/// runs in-process as it would in a shell.
/// </summary>
internal sealed class Terminal
{
    private readonly IReadOnlyDictionary<string, string> _environment;

    public Terminal(TextReader input, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment, bool interactive)
    {
        Input = input;
        Output = output;
        Error = error;
        _environment = environment;
        Interactive = interactive;
        var colour = interactive && Variable("NO_COLOR") is null;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Tables are as wide as COLUMNS says, else the terminal; into a pipe or a file, wide enough not to wrap.
        if (int.TryParse(Variable("COLUMNS"), out var columns) && columns > 20) Ansi.Profile.Width = columns;
        else if (!interactive) Ansi.Profile.Width = 200;
    }

    public TextReader Input { get; }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Whether a person is at a terminal (stdin and stdout are not redirected): prompts, colour, live views.</summary>
    public bool Interactive { get; }

    public IAnsiConsole Ansi { get; }

    public string? Variable(string name) => _environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static Terminal FromConsole()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string ?? "";
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        return new Terminal(Console.In, Console.Out, Console.Error, environment,
            interactive: !Console.IsInputRedirected && !Console.IsOutputRedirected);
    }

    /// <summary>
    /// A secret typed by a person without echo, or one line of standard input when there is no terminal (so scripts
    /// can pipe it). Never printed.
    /// </summary>
    public string ReadSecret(string prompt)
    {
        string? value;
        if (Interactive) value = Ansi.Prompt(new TextPrompt<string>(prompt).Secret(null).AllowEmpty());
        else value = Input.ReadLine();
        value = value?.Trim();
        if (string.IsNullOrEmpty(value)) throw CliException.Usage($"{prompt.TrimEnd(':', ' ')}: nothing entered.");
        return value;
    }
}
