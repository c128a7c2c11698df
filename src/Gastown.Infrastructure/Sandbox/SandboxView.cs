namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// What one sandboxed process may see of the host besides the system: the folders it may write (bound at the same
/// path), extra read-only ones, and its private home. Everything else of the data directory stays invisible.
/// </summary>
public sealed class SandboxView(Guid townId)
{
    /// <summary>The town the process works for (its cgroup, when limits are enforced).</summary>
    public Guid TownId { get; } = townId;

    /// <summary>Host folders (or files) visible read-write at the same path.</summary>
    public List<string> Writable { get; } = [];

    /// <summary>Host folders (or files) visible read-only at the same path.</summary>
    public List<string> ReadOnly { get; } = [];

    /// <summary>The process's private home, bound read-write; null: an empty home in the sandbox's private /tmp.</summary>
    public string? Home { get; init; }

    /// <summary>
    /// Only the system and Gastown's support folder besides the view's own folders (not the tools, the runtime or the
    /// server's binaries): for git run by the server, which needs none of them and starts often.
    /// </summary>
    public bool SystemOnly { get; init; }

    public SandboxView Write(params IEnumerable<string?> paths)
    {
        foreach (var path in paths) if (!string.IsNullOrEmpty(path)) Writable.Add(path);
        return this;
    }

    public SandboxView Read(params IEnumerable<string?> paths)
    {
        foreach (var path in paths) if (!string.IsNullOrEmpty(path)) ReadOnly.Add(path);
        return this;
    }
}
