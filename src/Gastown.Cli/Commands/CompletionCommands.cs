namespace Gastown.Cli.Commands;

/// <summary>
/// `completion bash|zsh|fish`: a script for the shell's startup file. It asks gastown itself for the candidates
/// (System.CommandLine's [suggest] directive), so completions always match this version's commands.
/// </summary>
internal static class CompletionCommands
{
    private const string Bash = """
        # gastown completion for bash: add `source <(gastown completion bash)` to ~/.bashrc
        _gastown_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$(gastown "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _gastown_complete gastown
        """;

    private const string Zsh = """
        # gastown completion for zsh: add `source <(gastown completion zsh)` to ~/.zshrc
        _gastown_complete() {
            local -a candidates
            candidates=("${(@f)$(gastown "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _gastown_complete gastown
        """;

    private const string Fish = """
        # gastown completion for fish: gastown completion fish > ~/.config/fish/completions/gastown.fish
        complete -c gastown -f -a '(gastown "[suggest:"(string length -- (commandline -cp))"]" (commandline -cp) 2>/dev/null)'
        """;

    public static IEnumerable<Command> Build(Hosting.CommandFactory commands)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        yield return commands.Create("completion", "Print the shell completion script for bash, zsh or fish.", (context, parse) =>
        {
            context.Print.Line(parse.GetRequiredValue(shell) switch { "bash" => Bash, "zsh" => Zsh, _ => Fish });
            return Task.CompletedTask;
        }, shell);
    }
}
