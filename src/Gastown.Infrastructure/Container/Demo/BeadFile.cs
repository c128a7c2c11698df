using System.Text.RegularExpressions;

namespace Gastown.Infrastructure.Container.Demo;

/// <summary>
/// The file the demo polecat writes for a bead: <c>beads/&lt;bead8&gt;.md</c> with the title and body, or the file
/// a <c>file: &lt;relative path&gt;</c> line of the body names, with the title and id. A <c>push: no</c> line plays an
/// agent that commits and never pushes (its branch is then only in its worktree's clone). A <c>work: skip</c> line plays
/// an agent that claims done without changing anything; <c>work: not needed</c>, one that says (gt_done with noChanges)
/// that the bead needs no change; <c>wait: nudge</c>, one that waits for a nudge on its input and writes it down.
/// </summary>
internal sealed partial record BeadFile(string RelativePath, string Content, string? Warning)
{
    public static BeadFile For(PrimedBead bead, string workingDirectory)
    {
        var requested = FileLine().Match(bead.Body ?? "");
        if (requested.Success)
        {
            var path = requested.Groups[1].Value;
            var problem = PathProblem(path, workingDirectory);
            if (problem is null)
                return new BeadFile(path, $"# {bead.Title}\n\nBead {bead.Id}\n", null);
            return Default(bead) with { Warning = $"ignoring 'file: {path}': {problem}" };
        }
        return Default(bead);
    }

    private static BeadFile Default(PrimedBead bead) =>
        new($"beads/{ShortId(bead.Id)}.md", $"# {bead.Title}\n\n{bead.Body}\n", null);

    private static string ShortId(string id)
    {
        if (Guid.TryParse(id, out var guid)) return guid.ToString("N")[..8];
        var safe = new string(id.Where(char.IsAsciiLetterOrDigit).Take(8).ToArray());
        return safe.Length > 0 ? safe : "bead";
    }

    /// <summary>Null when the path is a plain relative path that stays inside the working directory.</summary>
    private static string? PathProblem(string path, string workingDirectory)
    {
        if (path.StartsWith('/') || path.StartsWith('\\') || Path.IsPathRooted(path) || path.Contains(':'))
            return "the path must be relative";
        if (path.Any(char.IsControl)) return "the path must not contain control characters";
        var parts = path.Split('/', '\\');
        if (parts.Any(part => part == "..")) return "the path must not contain '..'";
        if (parts.Any(part => part.Length == 0 || part == ".")) return "the path must not have empty or '.' parts";
        if (parts[0].Equals(".git", StringComparison.OrdinalIgnoreCase)) return "the path must not be inside .git";

        var root = Path.GetFullPath(workingDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(Path.Combine(root, path)).StartsWith(root, StringComparison.Ordinal)
            ? null
            : "the path must stay inside the working directory";
    }

    public static bool SkipsPush(PrimedBead bead) => NoPushLine().IsMatch(bead.Body ?? "");

    /// <summary>The bead asks the demo polecat to call gt_done without writing or committing anything.</summary>
    public static bool SkipsWork(PrimedBead bead) => WorkLine().Match(bead.Body ?? "") is { Success: true } line && line.Groups[1].Value == "skip";

    /// <summary>The bead asks the demo polecat to say it needs no change (gt_done with noChanges).</summary>
    public static bool NeedsNoWork(PrimedBead bead) => WorkLine().Match(bead.Body ?? "") is { Success: true } line && line.Groups[1].Value == "not needed";

    /// <summary>The bead asks the demo polecat to wait, before committing, for a nudge on its input.</summary>
    public static bool WaitsForNudge(PrimedBead bead) => WaitLine().IsMatch(bead.Body ?? "");

    [GeneratedRegex(@"^[ \t]*wait:[ \t]*nudge[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex WaitLine();

    [GeneratedRegex(@"^[ \t]*work:[ \t]*(skip|not needed)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex WorkLine();

    [GeneratedRegex(@"^[ \t]*push:[ \t]*no[ \t]*\r?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex NoPushLine();

    [GeneratedRegex(@"^[ \t]*file:[ \t]*(\S.*?)[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex FileLine();
}
