namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// What of the server every sandbox shows read-only: the agent tools, the .NET runtime and the server's binaries (the
/// demo agent is the server program) without its configuration files, and Gastown's support folder (the git
/// credential prompt). <paramref name="SupportDirectory"/> is written by the server only.
/// </summary>
public sealed record SandboxHost(string SupportDirectory, IReadOnlyList<string> ReadOnly, IReadOnlyList<string> HiddenFiles)
{
    /// <summary>Folders the operator shares read-write with every sandbox (<see cref="SandboxOptions.WritablePaths"/>).</summary>
    public IReadOnlyList<string> Writable { get; init; } = [];

    /// <summary>Per-town limits, when the operator delegated cgroups (<see cref="SandboxOptions.CgroupRoots"/>).</summary>
    internal TownCgroups Cgroups { get; init; } = new([], 0, 0);

    /// <summary>The support folder under the workspace root, the server's own folders as this process runs, and the operator's shares.</summary>
    public static SandboxHost For(string workspaceRoot, string? toolsDirectory, SandboxOptions? options = null)
    {
        var binaries = Path.GetFullPath(AppContext.BaseDirectory);
        var dotnet = Path.GetDirectoryName(Path.GetFullPath(Container.DotnetHost.Path));
        // appsettings*.json beside the binaries may hold a connection string or keys: each is replaced by "{}".
        var hidden = Directory.Exists(binaries)
            ? Directory.GetFiles(binaries, "appsettings*.json").Concat(Directory.GetFiles(binaries, "*.runtimeconfig.json.dev")).ToList()
            : [];
        return new SandboxHost(
            Path.Combine(Path.GetFullPath(workspaceRoot), ".gastown"),
            new[] { binaries, dotnet, toolsDirectory }.Concat(options?.ReadOnlyPaths ?? []).OfType<string>().Where(Directory.Exists).Distinct().ToList(),
            hidden)
        {
            Writable = [.. (options?.WritablePaths ?? []).Where(Directory.Exists)],
            Cgroups = new TownCgroups(options?.CgroupRoots ?? [], options?.TownMemoryMax ?? 0, options?.TownPidsMax ?? 0),
        };
    }
}
