namespace Gastown.Infrastructure.Sandbox;

/// <summary>The "Gastown:Sandbox" configuration section: how processes started on a town's behalf are confined (decision 0021).</summary>
public sealed class SandboxOptions
{
    public const string Section = "Gastown:Sandbox";

    /// <summary><c>bubblewrap</c> or <c>none</c>; empty: bubblewrap on Linux, none elsewhere.</summary>
    public string Mode { get; set; } = "";

    /// <summary>Production refuses to start with mode <c>none</c> unless this is set too.</summary>
    public bool AllowUnsandboxed { get; set; }

    /// <summary>The bubblewrap executable (a name on PATH or a full path).</summary>
    public string BubblewrapPath { get; set; } = "bwrap";

    /// <summary>
    /// Host folders the operator shares with every sandbox, read-only (a package cache, a toolchain outside the system
    /// folders). Every town sees them: never put anything of one town or of the server's secrets there.
    /// </summary>
    public List<string> ReadOnlyPaths { get; set; } = [];

    /// <summary>Host folders the operator shares read-write with every sandbox; the same warning, stronger.</summary>
    public List<string> WritablePaths { get; set; } = [];

    /// <summary>
    /// Cgroup folders the host delegated to the server (writable, with the memory and pids controllers; cgroup v2: one
    /// folder, v1: the folder in the memory hierarchy and the one in the pids hierarchy): each town's sandboxed
    /// processes run in a child of each with the limits below. Empty: no per-town limits are enforced.
    /// </summary>
    public List<string> CgroupRoots { get; set; } = [];

    /// <summary>Memory of one town's sandboxed processes together, in bytes (with <see cref="CgroupRoots"/>).</summary>
    public long TownMemoryMax { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Processes (and threads) of one town's sandboxed processes together (with <see cref="CgroupRoots"/>).</summary>
    public int TownPidsMax { get; set; } = 1024;

    public SandboxMode ResolveMode()
    {
        var mode = Mode.Trim().ToLowerInvariant();
        return mode switch
        {
            "" => OperatingSystem.IsLinux() ? SandboxMode.Bubblewrap : SandboxMode.None,
            "bubblewrap" or "bwrap" => SandboxMode.Bubblewrap,
            "none" => SandboxMode.None,
            _ => throw new InvalidOperationException($"{Section}:Mode must be 'bubblewrap' or 'none', not '{Mode}'."),
        };
    }
}
