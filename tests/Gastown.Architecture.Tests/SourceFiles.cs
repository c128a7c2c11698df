using System.Text.RegularExpressions;

namespace Gastown.Architecture.Tests;

/// <summary>The C# sources under src/, read from the repository this test was built from.</summary>
internal static partial class SourceFiles
{
    public static readonly string Root = FindRoot();

    public static string Src => Path.Combine(Root, "src");

    /// <summary>Every hand-written .cs file under <paramref name="folder"/> (relative to src/), build output left out.</summary>
    public static IReadOnlyList<string> Under(string folder) =>
        [.. Directory.EnumerateFiles(Path.Combine(Src, folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(path))
            .Order(StringComparer.Ordinal)];

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>
    /// The public top-level type declarations of a file (file-scoped namespaces: top-level types start at column 0).
    /// </summary>
    public static IReadOnlyList<(string Kind, string Name)> PublicTopLevelTypes(string path) =>
        [.. TopLevelDeclaration().Matches(File.ReadAllText(path)).Select(match => (match.Groups["kind"].Value, match.Groups["name"].Value))];

    [GeneratedRegex(@"^public\s+(?:(?:sealed|static|abstract|readonly|partial|ref)\s+)*(?<kind>record\s+struct|record|class|interface|enum|struct|delegate)\s+(?:[\w<>?,\s]+\s+)??(?<name>\w+)",
        RegexOptions.Multiline)]
    private static partial Regex TopLevelDeclaration();

    private static bool IsBuildOutput(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return parts.Contains("obj") || parts.Contains("bin");
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Gastown.sln"))) return folder.FullName;
        throw new InvalidOperationException($"Gastown.sln not found above {AppContext.BaseDirectory}.");
    }
}
