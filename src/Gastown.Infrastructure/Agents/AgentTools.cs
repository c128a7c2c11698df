namespace Gastown.Infrastructure.Agents;

/// <summary>
/// Where the CLIs are installed: <c>Gastown:Agents:ToolsDirectory</c>, else the project's own <c>tools/agents</c>
/// (found by walking up from the program), and for a binary not there, PATH.
/// </summary>
public sealed class AgentTools(IOptions<AgentsOptions> options)
{
    private readonly Lazy<string?> _directory = new(() => Locate(options.Value.ToolsDirectory));

    /// <summary>The tools folder (holding package.json), or null when none was found.</summary>
    public string? Directory => _directory.Value;

    /// <summary>The default tools folder to install into: the configured one, else the project's, else ./tools/agents.</summary>
    public string InstallDirectory => Directory
        ?? (options.Value.ToolsDirectory is { Length: > 0 } configured ? Path.GetFullPath(configured) : Path.GetFullPath(Path.Combine("tools", "agents")));

    /// <summary>Full path of the CLI's executable, or null when it is installed neither in the tools folder nor on PATH.</summary>
    public string? Resolve(string binary)
    {
        if (Directory is { } directory)
        {
            var local = Path.Combine(directory, "node_modules", ".bin", binary);
            if (File.Exists(local)) return local;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, binary);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The installed version of a package in the tools folder (from its package.json), without running it.</summary>
    public string? InstalledVersion(AgentCli cli)
    {
        if (Directory is not { } directory) return null;
        var manifest = Path.Combine(directory, "node_modules", cli.Package, "package.json");
        if (!File.Exists(manifest)) return null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static string? Locate(string configured)
    {
        if (configured.Length > 0) return System.IO.Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        // bin/Debug/net10.0 of a project, or a test's output folder: the repository root is some levels up.
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tools", "agents");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        return null;
    }
}
