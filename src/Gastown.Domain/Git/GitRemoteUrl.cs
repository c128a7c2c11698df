using System.Text.RegularExpressions;

namespace Gastown.Domain.Git;

/// <summary>
/// Which repository addresses a rig may use. Network addresses always; <c>file://</c> and local paths only when the
/// operator allows it, so a stranger cannot make the server read its own disk.
/// </summary>
public static partial class GitRemoteUrl
{
    public const int MaxLength = 2048;

    /// <summary>Null when acceptable, else why not.</summary>
    public static string? Problem(string? url, bool allowLocal)
    {
        if (string.IsNullOrWhiteSpace(url)) return "must not be empty";
        if (url.Length > MaxLength) return $"must be at most {MaxLength} characters";
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "must not contain spaces or control characters";
        if (url.StartsWith('-')) return "must not start with '-'";

        if (ScpLike().IsMatch(url)) return null;

        if (IsLocal(url))
            return allowLocal ? null : "local repositories (file:// or a path) are not allowed on this server";

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            return "must be an https://, http://, ssh:// or git@host:path address";
        return uri.Scheme is "https" or "http" or "ssh"
            ? null
            : "must be an https://, http://, ssh:// or git@host:path address";
    }

    public static bool IsLocal(string url) =>
        url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || url.StartsWith('/') || url.StartsWith("./", StringComparison.Ordinal) || url.StartsWith("../", StringComparison.Ordinal);

    // user@host:path, as ssh and git write it (git@github.com:owner/repo.git).
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[A-Za-z0-9._~/-]+$")]
    private static partial Regex ScpLike();
}
