using Gastown.Domain.Reviews;
using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// The deterministic merge of a polecat branch: in a temporary detached worktree at origin's default branch (just
/// fetched), <c>merge --no-ff</c>, then the rig's gates in that worktree, then push. Nothing is pushed on a conflict
/// or a failed gate, the temporary worktree never outlives the call, and the polecat's worktree is removed only after
/// the push was accepted. A branch with no commit beyond the default branch is no merge: answered as NoChanges. Its branch is deleted (remote and local, when asked) only once the remote's default branch
/// is confirmed to hold the merge; a failed branch is always kept.
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
    public async Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct)
    {
        var repository = request.Repository;
        var cloned = await workspaces.EnsureCloneAsync(repository, ct);
        if (!cloned.IsSuccess) return Result<MergeOutcome>.Error(string.Join("; ", cloned.Errors));

        // What the agent left uncommitted when it said done is part of its work: committed before the merge.
        var pending = await workspaces.CommitPendingAsync(workspaces.WorktreePath(repository.RigId, request.Branch),
            $"Uncommitted work of {request.Branch}, committed by Gastown", ct);
        if (!pending.IsSuccess) return Result<MergeOutcome>.Error(string.Join("; ", pending.Errors));

        var clone = workspaces.ClonePath(repository.RigId);
        var feature = await workspaces.EnsureFeatureBranchAsync(repository, ct);
        if (!feature.IsSuccess) return Result<MergeOutcome>.Error(string.Join("; ", feature.Errors));
        var target = $"origin/{repository.DefaultBranch}";
        if (!await workspaces.RefExistsAsync(clone, $"refs/remotes/{target}", ct))
            return Result<MergeOutcome>.Error($"the remote has no branch '{repository.DefaultBranch}' to merge into");

        // Worktrees share refs with the clone, so an unpushed local branch is merged as the polecat left it.
        string? source = null;
        if (await workspaces.RefExistsAsync(clone, $"refs/heads/{request.Branch}", ct)) source = $"refs/heads/{request.Branch}";
        else if (await workspaces.RefExistsAsync(clone, $"refs/remotes/origin/{request.Branch}", ct)) source = $"origin/{request.Branch}";

        // A run that pushed this merge and died before it was recorded (a crash, a dead node) may also have deleted the
        // branch: the remote's default branch then holds the merge, which is the outcome, not a second merge.
        if (request.Push && (source is null || await workspaces.IsAncestorAsync(clone, source, target, ct))
            && await FindPushedMergeAsync(clone, target, request.CommitMessage, ct) is { } earlier)
        {
            await workspaces.RemoveWorktreeAsync(repository.RigId, workspaces.WorktreePath(repository.RigId, request.Branch), CancellationToken.None);
            if (request.DeleteBranch)
                await DeleteMergedBranchAsync(repository, clone, request.Branch, earlier.Commit, workspaces.Credentials.For(repository));
            return Result.Success(new MergeOutcome(earlier.Commit, earlier.BaseCommit, []));
        }
        if (source is null) return Result<MergeOutcome>.NotFound($"branch '{request.Branch}' was not found locally or on the remote");

        var baseCommit = await workspaces.GitAsync(clone, ct, "rev-parse", $"refs/remotes/{target}");
        if (!baseCommit.Succeeded) return Result<MergeOutcome>.Error($"git rev-parse failed: {workspaces.Describe(baseCommit)}");
        var @base = baseCommit.StandardOutput.Trim();

        // A branch the default branch already contains (the polecat committed nothing) has nothing to merge: git would
        // answer "Already up to date" and the default branch's own head would read as this bead's merge.
        if (await workspaces.IsAncestorAsync(clone, source, target, ct))
            return Result.Success(new MergeOutcome(null, @base, [], NoChanges: true));

        var temporary = Path.Combine(workspaces.RigDirectory(repository.RigId), $"merge-{Guid.NewGuid():N}");
        try
        {
            var added = await workspaces.GitAsync(clone, ct, "worktree", "add", "--detach", "--", temporary, target);
            if (!added.Succeeded) return Result<MergeOutcome>.Error($"could not prepare the merge worktree: {workspaces.Describe(added)}");

            var merged = await workspaces.GitAsync(temporary, MergeIdentity, ct, "merge", "--no-ff", "-m", request.CommitMessage, source);
            if (!merged.Succeeded)
            {
                var conflicted = await HasConflictsAsync(temporary, merged, ct);
                await workspaces.GitAsync(temporary, CancellationToken.None, "merge", "--abort");
                var message = GitErrorText.Redact(MergeMessage(merged), workspaces.Root);
                await PublishKeptBranchAsync(repository, clone, request.Branch);
                return conflicted
                    ? Result<MergeOutcome>.Conflict(message)
                    : Result<MergeOutcome>.Error($"git merge of '{request.Branch}' failed: {message}");
            }

            var head = await workspaces.GitAsync(temporary, ct, "rev-parse", "HEAD");
            if (!head.Succeeded) return Result<MergeOutcome>.Error($"git rev-parse failed: {workspaces.Describe(head)}");

            var gates = new List<GateResult>();
            var timeout = request.GateTimeout ?? TimeSpan.FromMinutes(10);
            // An approved branch whose default branch has not moved was gated on exactly this merge already.
            var gatesToRun = request.GatesPassedOn == @base ? [] : request.Gates ?? [];
            foreach (var gate in gatesToRun)
            {
                var result = await GateRunner.RunAsync(gate, temporary, timeout, request.Environment, workspaces.Sandbox,
                    workspaces.GateView(repository, temporary), ct);
                gates.Add(result with { OutputTail = GitErrorText.Redact(result.OutputTail, workspaces.Root) });
                if (!result.Passed)
                {
                    await PublishKeptBranchAsync(repository, clone, request.Branch);
                    return Result.Success(new MergeOutcome(null, @base, gates));
                }
            }
            if (!request.Push)
            {
                await PublishKeptBranchAsync(repository, clone, request.Branch);
                return Result.Success(new MergeOutcome(null, @base, gates));
            }

            var commit = head.StandardOutput.Trim();
            var remote = workspaces.Credentials.For(repository);
            var pushed = await workspaces.GitAsync(temporary, remote, ct, "push", "origin", $"HEAD:refs/heads/{repository.DefaultBranch}");
            if (!pushed.Succeeded) return Result<MergeOutcome>.Error($"git push to '{repository.DefaultBranch}' failed: {workspaces.Describe(pushed)}");

            await workspaces.RemoveWorktreeAsync(repository.RigId, workspaces.WorktreePath(repository.RigId, request.Branch), CancellationToken.None);
            if (request.DeleteBranch) await DeleteMergedBranchAsync(repository, clone, request.Branch, commit, remote);
            return Result.Success(new MergeOutcome(commit, @base, gates));
        }
        finally
        {
            await workspaces.RemoveWorktreeAsync(repository.RigId, temporary, CancellationToken.None);
        }
    }

    /// <summary>
    /// A branch that is kept (a failed gate, a conflict, or waiting for a person's approval) is pushed as it is, so the
    /// next round of its bead can start from it on any node of a cluster, not only on the one holding this worktree.
    /// Best effort: a remote that refuses (the agent pushed something else meanwhile) keeps its own.
    /// </summary>
    private async Task PublishKeptBranchAsync(RepositoryRef repository, string clone, string branch)
    {
        if (!await workspaces.RefExistsAsync(clone, $"refs/heads/{branch}", CancellationToken.None)) return;
        await workspaces.GitAsync(clone, workspaces.Credentials.For(repository), CancellationToken.None,
            "push", "--quiet", "origin", $"refs/heads/{branch}:refs/heads/{branch}");
    }

    /// <summary>
    /// Deletes the merged branch on the remote and locally, but only when the remote's default branch is confirmed to
    /// hold the merge commit. Best effort: a failure leaves the branch, never the merge, undone.
    /// </summary>
    private async Task DeleteMergedBranchAsync(RepositoryRef repository, string clone, string branch, string commit, IReadOnlyDictionary<string, string> remote)
    {
        var confirmed = await workspaces.GitAsync(clone, remote, CancellationToken.None, "ls-remote", "origin", $"refs/heads/{repository.DefaultBranch}");
        if (!confirmed.Succeeded || !confirmed.StandardOutput.StartsWith(commit, StringComparison.Ordinal)) return;

        var onRemote = await workspaces.GitAsync(clone, remote, CancellationToken.None, "ls-remote", "--exit-code", "origin", $"refs/heads/{branch}");
        if (onRemote.Succeeded)
            await workspaces.GitAsync(clone, remote, CancellationToken.None, "push", "origin", "--delete", $"refs/heads/{branch}");
        if (await workspaces.RefExistsAsync(clone, $"refs/heads/{branch}", CancellationToken.None))
            await workspaces.GitAsync(clone, CancellationToken.None, "branch", "-D", "--", branch);
        if (await workspaces.RefExistsAsync(clone, $"refs/remotes/origin/{branch}", CancellationToken.None))
            await workspaces.GitAsync(clone, CancellationToken.None, "branch", "-D", "-r", "--", $"origin/{branch}");
    }

    /// <summary>
    /// Deletes a kept (never merged) branch whose bead is over: its worktree, then the branch on the remote and in the
    /// clone. Caller has validated the request and holds the rig's lock. Unlike the merged case, a failure is reported
    /// so the caller keeps the branch marked as kept and tries again later.
    /// </summary>
    public async Task<Result> DeleteKeptBranchAsync(RepositoryRef repository, string branch, CancellationToken ct)
    {
        var cloned = await workspaces.EnsureCloneAsync(repository, ct);
        if (!cloned.IsSuccess) return Result.Error(string.Join("; ", cloned.Errors));
        var clone = workspaces.ClonePath(repository.RigId);
        var remote = workspaces.Credentials.For(repository);

        // git refuses to delete a branch checked out in a worktree: the polecat's worktree of this branch goes first.
        await workspaces.RemoveWorktreeAsync(repository.RigId, workspaces.WorktreePath(repository.RigId, branch), ct);

        var onRemote = await workspaces.GitAsync(clone, remote, ct, "ls-remote", "--exit-code", "origin", $"refs/heads/{branch}");
        if (onRemote.Succeeded)
        {
            var deleted = await workspaces.GitAsync(clone, remote, ct, "push", "origin", "--delete", $"refs/heads/{branch}");
            if (!deleted.Succeeded) return Result.Error($"git push --delete of '{branch}' failed: {workspaces.Describe(deleted)}");
        }
        else if (onRemote.ExitCode != 2) // 2: ls-remote reached the remote and the branch is not there.
            return Result.Error($"git ls-remote for '{branch}' failed: {workspaces.Describe(onRemote)}");

        if (await workspaces.RefExistsAsync(clone, $"refs/heads/{branch}", ct))
        {
            var local = await workspaces.GitAsync(clone, ct, "branch", "-D", "--", branch);
            if (!local.Succeeded) return Result.Error($"git branch -D of '{branch}' failed: {workspaces.Describe(local)}");
        }
        if (await workspaces.RefExistsAsync(clone, $"refs/remotes/origin/{branch}", ct))
            await workspaces.GitAsync(clone, ct, "branch", "-D", "-r", "--", $"origin/{branch}");
        return Result.Success();
    }

    /// <summary>
    /// The merge commit on the default branch's first-parent line whose subject is this merge's (one subject per branch
    /// and bead): the commit and the default-branch commit it was made on.
    /// </summary>
    private async Task<(string Commit, string BaseCommit)?> FindPushedMergeAsync(string clone, string target, string commitMessage, CancellationToken ct)
    {
        var subject = commitMessage.Split('\n', 2)[0].Trim();
        var found = await workspaces.GitAsync(clone, ct, "log", "--first-parent", "--merges", "--fixed-strings", $"--grep={subject}",
            "--format=%H %P%x1f%s", target, "--");
        if (!found.Succeeded) return null;
        foreach (var line in found.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\x1f', 2);
            if (fields.Length < 2 || fields[1] != subject) continue;
            var commits = fields[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (commits.Length >= 2) return (commits[0], commits[1]);
        }
        return null;
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
