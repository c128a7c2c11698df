using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// The deterministic merge of a polecat branch: in a temporary detached worktree at origin's default branch,
/// <c>merge --no-ff</c>, then push. Nothing is pushed on a conflict, the temporary worktree never outlives the call,
/// and the polecat's worktree is removed only after the push was accepted (its branch is kept).
/// </summary>
internal sealed class BranchMerger(RigWorkspaces workspaces)
{
    // A merge commit needs a committer, and the host may have no git identity configured.
    private static readonly Dictionary<string, string> MergeIdentity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Gastown",
        ["GIT_AUTHOR_EMAIL"] = "gastown@gastown.local",
        ["GIT_COMMITTER_NAME"] = "Gastown",
        ["GIT_COMMITTER_EMAIL"] = "gastown@gastown.local",
    };

    /// <summary>Caller has validated the request and holds the rig's lock.</summary>
    public async Task<Result<string>> MergeAsync(MergeRequest request, CancellationToken ct)
    {
        var repository = request.Repository;
        var cloned = await workspaces.EnsureCloneAsync(repository, ct);
        if (!cloned.IsSuccess) return Result<string>.Error(string.Join("; ", cloned.Errors));

        // What the agent left uncommitted when it said done is part of its work: committed before the merge.
        var pending = await workspaces.CommitPendingAsync(workspaces.WorktreePath(repository.RigId, request.Branch),
            $"Uncommitted work of {request.Branch}, committed by Gastown", ct);
        if (!pending.IsSuccess) return Result<string>.Error(string.Join("; ", pending.Errors));

        var clone = workspaces.ClonePath(repository.RigId);
        var target = $"origin/{repository.DefaultBranch}";
        if (!await workspaces.RefExistsAsync(clone, $"refs/remotes/{target}", ct))
            return Result<string>.Error($"the remote has no branch '{repository.DefaultBranch}' to merge into");

        // Worktrees share refs with the clone, so an unpushed local branch is merged as the polecat left it.
        string source;
        if (await workspaces.RefExistsAsync(clone, $"refs/heads/{request.Branch}", ct)) source = $"refs/heads/{request.Branch}";
        else if (await workspaces.RefExistsAsync(clone, $"refs/remotes/origin/{request.Branch}", ct)) source = $"origin/{request.Branch}";
        else return Result<string>.Error($"branch '{request.Branch}' was not found locally or on the remote");

        var temporary = Path.Combine(workspaces.RigDirectory(repository.RigId), $"merge-{Guid.NewGuid():N}");
        try
        {
            var added = await workspaces.GitAsync(clone, ct, "worktree", "add", "--detach", "--", temporary, target);
            if (!added.Succeeded) return Result<string>.Error($"could not prepare the merge worktree: {workspaces.Describe(added)}");

            var merged = await workspaces.GitAsync(temporary, MergeIdentity, ct, "merge", "--no-ff", "-m", request.CommitMessage, source);
            if (!merged.Succeeded)
            {
                var conflicted = await HasConflictsAsync(temporary, merged, ct);
                await workspaces.GitAsync(temporary, CancellationToken.None, "merge", "--abort");
                var message = GitErrorText.Redact(MergeMessage(merged), workspaces.Root);
                return conflicted
                    ? Result<string>.Conflict(message)
                    : Result<string>.Error($"git merge of '{request.Branch}' failed: {message}");
            }

            var head = await workspaces.GitAsync(temporary, ct, "rev-parse", "HEAD");
            if (!head.Succeeded) return Result<string>.Error($"git rev-parse failed: {workspaces.Describe(head)}");

            var pushed = await workspaces.GitAsync(temporary, workspaces.Credentials.For(repository), ct, "push", "origin", $"HEAD:refs/heads/{repository.DefaultBranch}");
            if (!pushed.Succeeded) return Result<string>.Error($"git push to '{repository.DefaultBranch}' failed: {workspaces.Describe(pushed)}");

            await workspaces.RemoveWorktreeAsync(repository.RigId, workspaces.WorktreePath(repository.RigId, request.Branch), CancellationToken.None);
            return Result<string>.Success(head.StandardOutput.Trim());
        }
        finally
        {
            await workspaces.RemoveWorktreeAsync(repository.RigId, temporary, CancellationToken.None);
        }
    }

    private async Task<bool> HasConflictsAsync(string worktree, GitOutput merge, CancellationToken ct)
    {
        var unmerged = await workspaces.GitAsync(worktree, ct, "diff", "--name-only", "--diff-filter=U");
        return (unmerged.Succeeded && !string.IsNullOrWhiteSpace(unmerged.StandardOutput))
               || merge.StandardOutput.Contains("CONFLICT", StringComparison.Ordinal);
    }

    // On a conflict git writes the CONFLICT lines to stdout and only a hint to stderr; keep both.
    private static string MergeMessage(GitOutput merge) =>
        string.Join("\n", new[] { merge.StandardOutput.Trim(), merge.StandardError.Trim() }.Where(text => text.Length > 0));
}
