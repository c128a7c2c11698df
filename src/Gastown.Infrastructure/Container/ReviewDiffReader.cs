namespace Gastown.Infrastructure.Container;

/// <summary>
/// Reads a review branch's diff against origin's default branch from the rig's clone, without fetching: one
/// <c>git diff base...branch</c>, killed after <see cref="Timeout"/>, parsed into files and hunks up to
/// <see cref="MaxDiffCharacters"/> (the rest is dropped and the diff marked truncated).
/// </summary>
internal sealed class ReviewDiffReader(RigWorkspaces workspaces)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public const int MaxDiffCharacters = 256 * 1024;
    public const int MaxFiles = 300;

    public async Task<Result<ReviewDiff>> DiffAsync(RepositoryRef repository, string branch, CancellationToken ct)
    {
        var clone = workspaces.ClonePath(repository.RigId);
        if (!Directory.Exists(clone)) return Result<ReviewDiff>.NotFound("the rig has no clone yet");
        string source;
        if (await workspaces.RefExistsAsync(clone, $"refs/heads/{branch}", ct)) source = $"refs/heads/{branch}";
        else if (await workspaces.RefExistsAsync(clone, $"refs/remotes/origin/{branch}", ct)) source = $"refs/remotes/origin/{branch}";
        else return Result<ReviewDiff>.NotFound($"branch '{branch}' is gone (merged and deleted, or never pushed)");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            var diff = await workspaces.GitAsync(clone, deadline.Token, "diff", "--no-color", "--no-ext-diff", "--find-renames",
                $"refs/remotes/origin/{repository.DefaultBranch}...{source}", "--");
            return diff.Succeeded
                ? Result.Success(Parse(diff.StandardOutput))
                : Result<ReviewDiff>.Error($"git diff failed: {workspaces.Describe(diff)}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Result<ReviewDiff>.Error($"git diff took longer than {Timeout.TotalSeconds:0} s");
        }
    }

    public static ReviewDiff Parse(string text)
    {
        var truncated = text.Length > MaxDiffCharacters;
        if (truncated) text = text[..MaxDiffCharacters];
        var files = new List<DiffFile>();
        string? path = null, oldPath = null;
        int additions = 0, deletions = 0;
        List<DiffHunk> hunks = [];
        string? hunkHeader = null;
        List<string> hunkLines = [];

        void EndHunk()
        {
            if (hunkHeader is not null) hunks.Add(new DiffHunk(hunkHeader, hunkLines));
            hunkHeader = null;
            hunkLines = [];
        }
        void EndFile()
        {
            EndHunk();
            if (path is not null) files.Add(new DiffFile(path, oldPath != path ? oldPath : null, additions, deletions, hunks));
            (path, oldPath, additions, deletions, hunks) = (null, null, 0, 0, []);
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                EndFile();
                if (files.Count >= MaxFiles) { truncated = true; break; }
                // "diff --git a/x b/y": the b/ side, refined by the +++/rename lines below when present.
                var at = line.LastIndexOf(" b/", StringComparison.Ordinal);
                path = at >= 0 ? line[(at + 3)..] : line[11..];
                oldPath = line.Length > 13 && at > 13 ? line[13..at] : path;
            }
            else if (path is null) continue;
            else if (hunkHeader is null && line.StartsWith("rename from ", StringComparison.Ordinal)) oldPath = line[12..];
            else if (hunkHeader is null && line.StartsWith("rename to ", StringComparison.Ordinal)) path = line[10..];
            else if (hunkHeader is null && line.StartsWith("+++ b/", StringComparison.Ordinal)) path = line[6..];
            else if (hunkHeader is null && line.StartsWith("--- a/", StringComparison.Ordinal)) oldPath = line[6..];
            else if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                EndHunk();
                hunkHeader = line;
            }
            else if (hunkHeader is not null && line.Length > 0 && line[0] is '+' or '-' or ' ' or '\\')
            {
                hunkLines.Add(line);
                if (line[0] == '+') additions++;
                else if (line[0] == '-') deletions++;
            }
        }
        EndFile();
        return new ReviewDiff(files, truncated);
    }
}
