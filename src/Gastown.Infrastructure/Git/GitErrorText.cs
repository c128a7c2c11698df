namespace Gastown.Infrastructure.Git;

/// <summary>
/// What a failed git command means, in words a user can act on, without the server's file-system paths (S3): the
/// known failures get a plain meaning, anything else git's own message with the workspace paths taken out.
/// </summary>
internal static class GitErrorText
{
    private static readonly (string Needle, string Meaning)[] Known =
    [
        ("could not read Username", "the repository needs credentials (set the town's or the rig's git username and token)"),
        ("could not read Password", "the repository needs credentials (set the town's or the rig's git username and token)"),
        ("Authentication failed", "authentication failed (check the git username and token)"),
        ("The requested URL returned error: 401", "authentication failed (check the git username and token)"),
        ("The requested URL returned error: 403", "access denied (the credentials may not read this repository)"),
        ("The requested URL returned error: 404", "repository not found"),
        ("fatal: repository", "repository not found"),
        ("does not appear to be a git repository", "repository not found"),
        ("Could not resolve host", "the host name could not be resolved"),
        ("Connection refused", "the host could not be reached"),
        ("Failed to connect", "the host could not be reached"),
        ("Connection timed out", "the host could not be reached"),
        ("Operation timed out", "the host could not be reached"),
        ("Operation too slow", "the host stopped answering (the transfer stalled)"),
        ("SSL certificate problem", "the host's TLS certificate is not trusted"),
        ("Host key verification failed", "the host's ssh key is not trusted"),
        ("Permission denied (publickey", "ssh access denied"),
        ("redirect", "the server answered with a redirect, which is not followed"),
    ];

    public static string Describe(GitOutput output, string workspaceRoot)
    {
        var message = output.Message;
        foreach (var (needle, meaning) in Known)
            if (message.Contains(needle, StringComparison.OrdinalIgnoreCase)) return meaning;
        return Redact(message, workspaceRoot);
    }

    /// <summary>Takes the server's paths (the workspace root, the temp folder, home) out of a message.</summary>
    public static string Redact(string message, string workspaceRoot)
    {
        var lines = message.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => !line.StartsWith("Cloning into", StringComparison.Ordinal) && !line.StartsWith("hint:", StringComparison.Ordinal));
        var text = string.Join(" ", lines).Trim();
        foreach (var path in new[] { workspaceRoot, Path.GetTempPath().TrimEnd('/'), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) })
            if (path.Length > 1) text = text.Replace(path, "…", StringComparison.Ordinal);
        return text.Length == 0 ? "git failed" : text;
    }
}
