namespace Gastown.Benchmarks.Support;

/// <summary>What the command line asked for.</summary>
public sealed record RunOptions(bool Quick, string ArtifactsPath, string RepositoryRoot, int? IdleRigs)
{
    /// <summary><c>--beads N</c>: how many beads the drain slings (default 200, 50 with --quick).</summary>
    public int? Beads { get; init; }

    /// <summary><c>--gate</c>: the drain also drains a rig whose review runs a trivial gate.</summary>
    public bool Gate { get; init; }

    /// <summary><c>--ticks N</c>: how many quiet ticks the tick measure runs.</summary>
    public int? Ticks { get; init; }

    /// <summary><c>--convoys N</c>: how many convoys of 10 beads the convoy measure's quiet tick runs beside (default 1,000, 200 with --quick).</summary>
    public int? Convoys { get; init; }

    /// <summary>The directory holding Gastown.sln, found upward from the working directory or this program's folder.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Gastown.sln"))) return directory.FullName;
        throw new InvalidOperationException("Run the benchmarks from inside the Gastown repository (Gastown.sln not found).");
    }
}
