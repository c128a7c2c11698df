using System.Text.Json;

namespace Gastown.Cli.Config;

/// <summary>
/// The user's config file: <c>$XDG_CONFIG_HOME/gastown/config.json</c>, else <c>~/.config/gastown/config.json</c>.
/// It holds a bearer token, so it is created readable by its owner only (0600, its folder 0700) and rewritten so.
/// </summary>
internal sealed class ConfigFile(string path)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerReadWrite | UnixFileMode.UserExecute;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = path;

    public static ConfigFile For(Terminal terminal)
    {
        var root = terminal.Variable("XDG_CONFIG_HOME")
            ?? System.IO.Path.Combine(terminal.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new ConfigFile(System.IO.Path.Combine(root, "gastown", "config.json"));
    }

    public CliConfig Load()
    {
        if (!File.Exists(Path)) return new CliConfig();
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(Path), Json) ?? new CliConfig();
        }
        catch (JsonException exception)
        {
            throw CliException.Usage($"{Path} is not a gastown config file ({exception.Message}); remove it and log in again.");
        }
    }

    public void Save(CliConfig config)
    {
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
            else Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }

        // Written beside and moved over, so a reader never sees half a file; created 0600 before any byte is in it.
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerReadWrite;
        using (var stream = new FileStream(temporary, options))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stream.SafeFileHandle, OwnerReadWrite);
            JsonSerializer.Serialize(stream, config, Json);
        }
        File.Move(temporary, Path, overwrite: true);
    }

    public bool Delete()
    {
        if (!File.Exists(Path)) return false;
        File.Delete(Path);
        return true;
    }
}
