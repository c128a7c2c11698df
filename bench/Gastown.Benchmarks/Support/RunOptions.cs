namespace Gastown.Benchmarks.Support;

/// <summary>What the command line asked for.</summary>
public sealed record RunOptions(bool Quick, string ArtifactsPath, string RepositoryRoot, int? IdleRigs)
{
    /// <summary>The directory holding Gastown.sln, found upward from the working directory or this program's folder.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Gastown.sln"))) return directory.FullName;
        throw new InvalidOperationException("Run the benchmarks from inside the Gastown repository (Gastown.sln not found).");
    }
}
