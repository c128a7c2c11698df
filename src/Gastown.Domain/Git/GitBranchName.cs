namespace Gastown.Domain.Git;

/// <summary>
/// git's ref-name rules (git check-ref-format), checked before a branch name ever reaches a git argument list.
/// A leading '-' is refused too, so a name can never be read as an option.
/// </summary>
public static class GitBranchName
{
    public const int MaxLength = 255;

    /// <summary>Null when valid, else why not.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "must not be empty";
        if (name.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (name[0] == '-') return "must not start with '-'";
        if (name.Contains("..", StringComparison.Ordinal)) return "must not contain '..'";
        if (name.Contains("@{", StringComparison.Ordinal) || name == "@") return "must not contain '@{' or be '@'";
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("//", StringComparison.Ordinal))
            return "must not start or end with '/' or contain '//'";
        if (name == "HEAD") return "must not be 'HEAD'";
        if (name.EndsWith('.') || name.Split('/').Any(part => part.EndsWith(".lock", StringComparison.Ordinal)))
            return "must not end with '.' or '.lock'";
        foreach (var c in name)
        {
            if (char.IsControl(c) || c == ' ') return "must not contain spaces or control characters";
            if ("~^:?*[\\".Contains(c)) return "must not contain any of ~ ^ : ? * [ \\";
        }
        if (name.Split('/').Any(part => part.StartsWith('.'))) return "no part may start with '.'";
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;
}
