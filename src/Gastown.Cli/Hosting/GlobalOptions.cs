namespace Gastown.Cli.Hosting;

/// <summary>The options every command takes.</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON for scripts instead of tables and sentences.", Recursive = true };

    public Option<string?> Town { get; } = new("--town", "-t")
    {
        Description = "The town to act on (name or id). Default: the one set with `gastown use`, else the only town.",
        Recursive = true,
        HelpName = "town",
    };
}
