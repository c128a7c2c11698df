namespace Gastown.Infrastructure.Sandbox;

/// <summary>
/// Per-town limits where the host delegated cgroups to the server (decision 0021): one child folder per town under
/// each configured root (cgroup v2: one root; v1: the memory and pids hierarchies' folders), with the memory and
/// process-count limits written once. Every sandboxed process of the town joins it before bubblewrap starts, so all
/// it forks is counted there: a fork bomb or a memory hog meets its town's limit, not the server's.
/// </summary>
internal sealed class TownCgroups(IReadOnlyList<string> roots, long memoryMax, int pidsMax)
{
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<string>> _procsFiles = new();

    public bool Enabled => roots.Count > 0;

    /// <summary>The <c>cgroup.procs</c> files a process of this town writes itself into. Throws IOException when the host refuses.</summary>
    public IReadOnlyList<string> ProcsFiles(Guid townId) => _procsFiles.GetOrAdd(townId, Create);

    private IReadOnlyList<string> Create(Guid townId)
    {
        var name = townId == Guid.Empty ? "gastown-server-git" : $"gastown-town-{townId:N}";
        var files = new List<string>();
        foreach (var root in roots)
        {
            try
            {
                // cgroup v2 hands controllers down explicitly; harmless where they are already on (or on v1).
                var subtree = Path.Combine(root, "cgroup.subtree_control");
                if (File.Exists(subtree)) TryWrite(subtree, "+memory +pids");
                var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
                WriteIfPresent(folder, "memory.max", memoryMax.ToString(System.Globalization.CultureInfo.InvariantCulture));
                WriteIfPresent(folder, "memory.limit_in_bytes", memoryMax.ToString(System.Globalization.CultureInfo.InvariantCulture));
                WriteIfPresent(folder, "memory.swap.max", "0");
                WriteIfPresent(folder, "pids.max", pidsMax.ToString(System.Globalization.CultureInfo.InvariantCulture));
                files.Add(Path.Combine(folder, "cgroup.procs"));
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"the town's cgroup under {root} could not be made: {e.Message}", e);
            }
        }
        return files;
    }

    private static void WriteIfPresent(string folder, string file, string value)
    {
        var path = Path.Combine(folder, file);
        if (File.Exists(path)) File.WriteAllText(path, value);
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Already enabled, or the operator enabled what they wanted.
        }
    }
}
