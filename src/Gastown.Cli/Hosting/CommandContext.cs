using Gastown.Cli.Config;

namespace Gastown.Cli.Hosting;

/// <summary>What one command runs with: the terminal, the config file, the session (opened on first use) and the global options.</summary>
internal sealed class CommandContext(Terminal terminal, bool json, string? town, CancellationToken cancellation) : IDisposable
{
    private Session? _session;
    private CliConfig? _config;

    public Terminal Terminal { get; } = terminal;

    public ConfigFile ConfigFile { get; } = ConfigFile.For(terminal);

    public CliConfig Config => _config ??= ConfigFile.Load();

    /// <summary>--json: every command prints the server's JSON (or its own) instead of tables and sentences.</summary>
    public bool Json { get; } = json;

    /// <summary>--town, as given (a name or an id); null: the one set with `gastown use`, else the only town.</summary>
    public string? TownOption { get; } = town;

    public CancellationToken Cancellation { get; } = cancellation;

    public Printer Print { get; } = new(terminal, json);

    public Session Session => _session ??= Session.Open(Terminal, Config);

    public GastownApi Api => Session.Api;

    public Targets Targets => new(this);

    /// <summary>A file a command reads (a bead's body, a plan): its text, or standard input for <c>-</c>; missing → exit 3.</summary>
    public async Task<string> ReadFileAsync(FileInfo file) =>
        file.Name == "-" ? await Terminal.Input.ReadToEndAsync(Cancellation)
        : file.Exists ? await File.ReadAllTextAsync(file.FullName, Cancellation)
        : throw CliException.NotFound($"no file {file.FullName}.");

    public void Dispose() => _session?.Dispose();
}
