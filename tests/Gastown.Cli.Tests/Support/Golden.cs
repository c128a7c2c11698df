using System.Text.RegularExpressions;

namespace Gastown.Cli.Tests.Support;

/// <summary>
/// Golden files (Golden/NAME.txt): a table exactly as printed, with what changes from run to run (ids, times, temp
/// paths) replaced by placeholders of the same length so the columns stay aligned. GASTOWN_UPDATE_GOLDEN=1 rewrites
/// them from the actual output instead of comparing.
/// </summary>
public static partial class Golden
{
    /// <param name="names">Values that differ between runs and in length (a polecat's name, chosen at random): each
    /// becomes NAME and the spacing between columns is compared as two spaces, the alignment left to Spectre.</param>
    public static void ShouldMatch(string actual, string name, params string[] names)
    {
        var scrubbed = Scrub(actual);
        if (names.Length > 0)
        {
            foreach (var value in names) scrubbed = Regex.Replace(scrubbed, $@"\b{Regex.Escape(value)}\b", "NAME", RegexOptions.IgnoreCase);
            scrubbed = string.Join('\n', scrubbed.Split('\n').Select(line => Columns().Replace(line, "  ")));
        }
        var path = Path.Combine(SourceFolder(), "Golden", name + ".txt");
        if (Environment.GetEnvironmentVariable("GASTOWN_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, scrubbed);
            return;
        }
        File.Exists(path).ShouldBeTrue($"no golden file {path}; run with GASTOWN_UPDATE_GOLDEN=1 to write it from:\n{scrubbed}");
        scrubbed.ShouldBe(File.ReadAllText(path), $"{name}.txt differs (GASTOWN_UPDATE_GOLDEN=1 rewrites it)");
    }

    public static string Scrub(string text)
    {
        text = TempPath().Replace(text, m => "<tmp>".PadRight(m.Length));
        text = FullId().Replace(text, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        text = ShortId().Replace(text, "xxxxxxxx");
        text = Time().Replace(text, "YYYY-MM-DD hh:mm:ssZ");
        return string.Join('\n', text.Split('\n').Select(line => line.TrimEnd()));
    }

    private static string SourceFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Gastown.Cli.Tests.csproj"))) return folder.FullName;
        throw new InvalidOperationException($"Gastown.Cli.Tests.csproj not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex Columns();

    [GeneratedRegex(@"/\S*gastown-cli-[0-9a-f]{32}\S*")]
    private static partial Regex TempPath();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")]
    private static partial Regex FullId();

    [GeneratedRegex(@"\b[0-9a-f]{8}\b")]
    private static partial Regex ShortId();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")]
    private static partial Regex Time();
}
