using Gastown.Domain.Git;
using Gastown.Infrastructure.Git;
using Gastown.Infrastructure.Sandbox;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// The on-disk layout under the workspace root, and the git work that keeps it in shape:
/// <c>rigs/{rig}/repo</c> (one shared clone), <c>rigs/{rig}/worktrees/{branch, / → __}</c> (one per polecat branch),
/// <c>towns/{town}/mayor</c>. Callers validate URLs and branch names first and hold the rig's lock while they use a
/// rig's clone. Every git command here runs in the sandbox of the rig's (or town's) folder: an agent can write its
/// clone's configuration and hooks, and none of that may run with the server's view (decision 0021).
/// </summary>
internal sealed class RigWorkspaces
{
    // The server's own git never runs a repository's hooks or file-system monitor, nor signs or checks signatures with
    // a program the repository names, even inside the sandbox.
    private static readonly string[] Hardening =
    [
        "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
        "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false", "-c", "log.showSignature=false",
    ];

    // Plumbing that reads or writes refs, config and objects only, and so runs no program a repository's configuration
    // or attributes could name (with the hardening above): these run directly. Everything else — checkout, add, commit,
    // merge, diff, status, worktree add/remove, and every command that talks to a remote — runs in the sandbox.
    private static readonly HashSet<string> RunsNothingOfTheRepository = new(StringComparer.Ordinal)
    {
        "rev-parse", "rev-list", "merge-base", "log", "branch", "config", "remote", "init", "worktree prune",
    };

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _rigLocks = new();
    // Local repositories (Development) of the rigs, as last cloned or fetched: their sandboxes see them read-write.
    private readonly ConcurrentDictionary<Guid, string> _localOrigins = new();
    private readonly Dictionary<string, string> _gitEnvironment;

    private readonly bool _allowPrivateNetworks;
    // Every git command of a rig runs under its rig's lifetime (cancelled when the rig is retired) and the container's
    // (cancelled when the server stops): its process tree is killed then, not left to finish or hang.
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _rigLifetimes = new();
    private readonly CancellationTokenSource _stopping = new();

    public RigWorkspaces(string workspaceRoot, ISandbox sandbox, bool allowPrivateNetworks = true, GitLimits? limits = null)
    {
        _allowPrivateNetworks = allowPrivateNetworks;
        Limits = limits ?? GitLimits.Default;
        if (string.IsNullOrWhiteSpace(workspaceRoot))
            throw new ArgumentException("The container's workspace root must be set.", nameof(workspaceRoot));
        Root = Path.GetFullPath(workspaceRoot);
        Sandbox = sandbox;
        // A broken .git under the root must never make git fall back to a repository that encloses the root.
        _gitEnvironment = new Dictionary<string, string> { ["GIT_CEILING_DIRECTORIES"] = Root };
        Credentials = new GitCredentialEnvironment(Root);
    }

    public string Root { get; }

    public GitLimits Limits { get; }

    /// <summary>Cancelled when the rig is retired (deleted) or the server stops.</summary>
    public CancellationToken RigLifetime(Guid rigId) =>
        _rigLifetimes.GetOrAdd(rigId, _ => CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token)).Token;

    /// <summary>
    /// Kills every git command of the rig now running or waiting to run, and any it would start later (its retirement:
    /// a rig id is never reused, so its lifetime stays cancelled).
    /// </summary>
    public void CancelRig(Guid rigId) => _rigLifetimes.GetOrAdd(rigId, _ => new CancellationTokenSource()).Cancel();

    /// <summary>Kills every git command of this container (the server is stopping).</summary>
    public void StopAll() => _stopping.Cancel();

    public bool IsStopping => _stopping.IsCancellationRequested;

    public ISandbox Sandbox { get; }

    /// <summary>The environment that gives git (and agents) a repository's credentials without ever writing them down.</summary>
    public GitCredentialEnvironment Credentials { get; }

    /// <summary>Git's failure in words for a user, without the server's paths (S3).</summary>
    public string Describe(GitOutput output) => GitErrorText.Describe(output, Root);

    public string RigDirectory(Guid rigId) => Path.Combine(Root, "rigs", rigId.ToString("N"));

    public string ClonePath(Guid rigId) => Path.Combine(RigDirectory(rigId), "repo");

    public string WorktreePath(Guid rigId, string branch) =>
        Path.Combine(RigDirectory(rigId), "worktrees", branch.Replace("/", "__", StringComparison.Ordinal));

    public string TownWorkspacePath(Guid townId, string name) => Path.Combine(Root, "towns", townId.ToString("N"), name);

    /// <summary>The rig's local repository (a path or file:// URL, Development only), or null for a network remote.</summary>
    public static string? LocalOriginPath(string gitUrl)
    {
        if (!GitRemoteUrl.IsLocal(gitUrl)) return null;
        var path = gitUrl.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(gitUrl).LocalPath : gitUrl;
        return Path.GetFullPath(path);
    }

    /// <summary>
    /// What git run by the server in <paramref name="workingDirectory"/> may touch: the rig's folder (clone, worktrees,
    /// merge worktrees) or the town's workspace folder it is in, and the rig's local repository if it has one.
    /// </summary>
    public SandboxView GitView(string workingDirectory)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(workingDirectory)).Split(Path.DirectorySeparatorChar);
        var view = new SandboxView(Guid.Empty) { SystemOnly = true };
        if (relative.Length >= 2 && relative[0] is "rigs" or "towns")
        {
            view.Write(Path.Combine(Root, relative[0], relative[1]));
            if (relative[0] == "rigs" && Guid.TryParseExact(relative[1], "N", out var rigId) && _localOrigins.TryGetValue(rigId, out var origin))
                view.Write(origin);
        }
        else
        {
            view.Write(workingDirectory);
        }
        return view;
    }

    /// <summary>Serializes git work on one rig's clone (starts and merges).</summary>
    public async Task<IDisposable> LockRigAsync(Guid rigId, CancellationToken ct)
    {
        var rigLock = _rigLocks.GetOrAdd(rigId, static _ => new SemaphoreSlim(1, 1));
        await rigLock.WaitAsync(ct);
        return new Releaser(rigLock);
    }

    /// <summary>What a review gate sees: the merge worktree and the clone's git folder (read-write), a private home.</summary>
    public SandboxView GateView(RepositoryRef repository, string mergeWorktree) =>
        new SandboxView(repository.TownId).Write(mergeWorktree, Path.Combine(ClonePath(repository.RigId), ".git"));

    public Task<GitOutput> GitAsync(string workingDirectory, CancellationToken ct, params string[] arguments) =>
        RunGitAsync(workingDirectory, _gitEnvironment, ct, arguments);

    public Task<GitOutput> GitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken ct, params string[] arguments)
    {
        var merged = new Dictionary<string, string>(_gitEnvironment);
        foreach (var (name, value) in environment) merged[name] = value;
        return RunGitAsync(workingDirectory, merged, ct, arguments);
    }

    /// <summary>
    /// git bounded by <see cref="Limits"/> (its verb's deadline) and by the lifetime of the rig it works in: a rig
    /// being deleted or a server stopping kills it, and it answers as failed (the caller's own cancellation still throws).
    /// </summary>
    private async Task<GitOutput> RunGitAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, CancellationToken ct, string[] arguments)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, LifetimeOf(workingDirectory));
        try
        {
            var sandboxed = !RunsNothingOfTheRepository.Contains(arguments[0])
                            && !(arguments.Length > 1 && RunsNothingOfTheRepository.Contains($"{arguments[0]} {arguments[1]}"));
            return sandboxed
                ? await GitRunner.RunAsync(workingDirectory, [.. Hardening, .. arguments], linked.Token, environment, Sandbox, GitView(workingDirectory), Limits)
                : await GitRunner.RunAsync(workingDirectory, [.. Hardening, .. arguments], linked.Token, environment, limits: Limits);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new GitOutput(GitRunner.TimedOut, "", $"git {GitLimits.VerbOf(arguments)} was stopped: the rig is being deleted or the server is stopping");
        }
    }

    private CancellationToken LifetimeOf(string workingDirectory)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(workingDirectory)).Split(Path.DirectorySeparatorChar);
        return relative.Length >= 2 && relative[0] == "rigs" && Guid.TryParseExact(relative[1], "N", out var rigId)
            ? RigLifetime(rigId)
            : _stopping.Token;
    }

    /// <summary>Clones the rig once (a leftover partial clone is deleted first); later calls fetch with prune.</summary>
    public async Task<Result> EnsureCloneAsync(RepositoryRef repository, CancellationToken ct)
    {
        var rigDirectory = RigDirectory(repository.RigId);
        var clone = ClonePath(repository.RigId);
        // S2 after DNS: the name may resolve somewhere else than when the URL was accepted.
        if (!_allowPrivateNetworks && await GitCredentialEnvironment.NetworkProblemAsync(repository.GitUrl, ct) is { } network)
            return Result.Error($"git clone of {repository.GitUrl} refused: {network}");
        var remote = Credentials.For(repository);
        if (LocalOriginPath(repository.GitUrl) is { } localOrigin) _localOrigins[repository.RigId] = localOrigin;
        else _localOrigins.TryRemove(repository.RigId, out _);
        if (Directory.Exists(clone) && !await IsCompleteCloneAsync(clone, ct))
            WorkspaceDirectory.Delete(clone);

        if (!Directory.Exists(clone))
        {
            Directory.CreateDirectory(rigDirectory);
            var cloned = await GitAsync(rigDirectory, remote, ct, "clone", "--no-checkout", "--", repository.GitUrl, clone);
            if (cloned.Succeeded) return Result.Success();
            WorkspaceDirectory.Delete(clone);
            return Result.Error($"git clone of {repository.GitUrl} failed: {Describe(cloned)}");
        }

        var currentUrl = await GitAsync(clone, ct, "remote", "get-url", "origin");
        if (!currentUrl.Succeeded || currentUrl.StandardOutput.Trim() != repository.GitUrl)
        {
            var setUrl = await GitAsync(clone, ct, "remote", "set-url", "origin", "--", repository.GitUrl);
            if (!setUrl.Succeeded) return Result.Error($"git remote set-url failed: {Describe(setUrl)}");
        }

        var fetched = await GitAsync(clone, remote, ct, "fetch", "--prune", "origin");
        return fetched.Succeeded ? Result.Success() : Result.Error($"git fetch from {repository.GitUrl} failed: {Describe(fetched)}");
    }

    /// <summary>
    /// The polecat's worktree for its branch: reused when it exists (brought up to the remote's copy of the branch when
    /// that is ahead: a later round done on another node); otherwise the local branch, else the remote branch (tracked),
    /// else a new branch from origin's default branch.
    /// </summary>
    public async Task<Result<string>> EnsureWorktreeAsync(RepositoryRef repository, string branch, CancellationToken ct)
    {
        var clone = ClonePath(repository.RigId);
        var worktree = WorktreePath(repository.RigId, branch);

        if (Directory.Exists(worktree))
        {
            var head = File.Exists(Path.Combine(worktree, ".git"))
                ? await GitAsync(worktree, ct, "rev-parse", "--abbrev-ref", "HEAD")
                : null;
            if (head is { Succeeded: true })
            {
                var current = head.StandardOutput.Trim();
                if (current != branch) return Result<string>.Error($"the worktree of '{branch}' is on branch '{current}'");
                await FastForwardToRemoteAsync(worktree, branch, ct);
                return Result<string>.Success(worktree);
            }
            WorkspaceDirectory.Delete(worktree); // A leftover that is not a working worktree.
        }

        var pruned = await GitAsync(clone, ct, "worktree", "prune");
        if (!pruned.Succeeded) return Result<string>.Error($"git worktree prune failed: {Describe(pruned)}");

        Directory.CreateDirectory(Path.GetDirectoryName(worktree)!);
        GitOutput added;
        if (await RefExistsAsync(clone, $"refs/heads/{branch}", ct))
        {
            added = await GitAsync(clone, ct, "worktree", "add", "--", worktree, branch);
        }
        else if (await RefExistsAsync(clone, $"refs/remotes/origin/{branch}", ct))
        {
            added = await GitAsync(clone, ct, "worktree", "add", "--track", "-b", branch, "--", worktree, $"origin/{branch}");
        }
        else
        {
            var feature = await EnsureFeatureBranchAsync(repository, ct);
            if (!feature.IsSuccess) return Result<string>.Error(string.Join("; ", feature.Errors));
            if (!await RefExistsAsync(clone, $"refs/remotes/origin/{repository.DefaultBranch}", ct))
                return Result<string>.Error($"the remote has no branch '{repository.DefaultBranch}' to start from");
            added = await GitAsync(clone, ct, "worktree", "add", "--no-track", "-b", branch, "--", worktree, $"origin/{repository.DefaultBranch}");
            if (added.Succeeded)
            {
                // Upstream of the same name, so a plain `git push` by an agent goes to its own branch, never the default.
                await GitAsync(clone, ct, "config", $"branch.{branch}.remote", "origin");
                await GitAsync(clone, ct, "config", $"branch.{branch}.merge", $"refs/heads/{branch}");
            }
        }
        return added.Succeeded
            ? Result<string>.Success(worktree)
            : Result<string>.Error($"git worktree add for '{branch}' failed: {Describe(added)}");
    }

    /// <summary>
    /// A land-mode convoy's feature branch (<see cref="RepositoryRef.CreateFrom"/> set): made on the remote from the
    /// rig's default branch when the remote has no such branch yet, then fetched. Racing creators are harmless: a push
    /// refused because the branch appeared meanwhile leaves the one that won, fetched here. Caller holds the rig's lock.
    /// </summary>
    public async Task<Result> EnsureFeatureBranchAsync(RepositoryRef repository, CancellationToken ct)
    {
        if (repository.CreateFrom is not { } from) return Result.Success();
        var clone = ClonePath(repository.RigId);
        var feature = repository.DefaultBranch;
        if (await RefExistsAsync(clone, $"refs/remotes/origin/{feature}", ct)) return Result.Success();
        if (!await RefExistsAsync(clone, $"refs/remotes/origin/{from}", ct))
            return Result.Error($"the remote has no branch '{from}' to create '{feature}' from");
        var remote = Credentials.For(repository);
        await GitAsync(clone, remote, ct, "push", "--quiet", "origin", $"refs/remotes/origin/{from}:refs/heads/{feature}");
        var fetched = await GitAsync(clone, remote, ct, "fetch", "--quiet", "origin", $"+refs/heads/{feature}:refs/remotes/origin/{feature}");
        return fetched.Succeeded && await RefExistsAsync(clone, $"refs/remotes/origin/{feature}", ct)
            ? Result.Success()
            : Result.Error($"could not create the feature branch '{feature}' on the remote: {Describe(fetched)}");
    }

    /// <summary>
    /// Moves a reused worktree's branch up to origin's copy when origin is strictly ahead of it (fast-forward only). A
    /// branch that diverged, or local changes in the way, leave it as it is: nothing of the agent's is ever dropped.
    /// </summary>
    private async Task FastForwardToRemoteAsync(string worktree, string branch, CancellationToken ct)
    {
        var remoteBranch = $"refs/remotes/origin/{branch}";
        if (!await RefExistsAsync(worktree, remoteBranch, ct)) return;
        if (!await IsAncestorAsync(worktree, "HEAD", remoteBranch, ct)) return;
        await GitAsync(worktree, ct, "merge", "--ff-only", "--quiet", remoteBranch);
    }

    /// <summary>A workspace that is not a rig's (the mayor's): a directory with its own `git init`.</summary>
    public async Task<Result<string>> EnsureStandaloneWorkspaceAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(path);
        if (Directory.Exists(Path.Combine(path, ".git"))) return Result<string>.Success(path);
        var initialized = await GitAsync(path, ct, "init", "--quiet");
        return initialized.Succeeded
            ? Result<string>.Success(path)
            : Result<string>.Error($"git init of a workspace failed: {Describe(initialized)}");
    }

    /// <summary>Removes a worktree of the rig's clone (the branch stays); never throws.</summary>
    public async Task RemoveWorktreeAsync(Guid rigId, string worktree, CancellationToken ct)
    {
        var clone = ClonePath(rigId);
        if (Directory.Exists(clone))
            await GitAsync(clone, ct, "worktree", "remove", "--force", "--", worktree);
        try
        {
            WorkspaceDirectory.Delete(worktree);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next prune; the registration is what matters to git.
        }
        if (Directory.Exists(clone))
            await GitAsync(clone, ct, "worktree", "prune");
    }

    // A commit made for an agent needs a committer, and the host may have no git identity configured.
    private static readonly Dictionary<string, string> GastownIdentity = new()
    {
        ["GIT_AUTHOR_NAME"] = "Gastown",
        ["GIT_AUTHOR_EMAIL"] = "gastown@gastown.local",
        ["GIT_COMMITTER_NAME"] = "Gastown",
        ["GIT_COMMITTER_EMAIL"] = "gastown@gastown.local",
    };

    /// <summary>
    /// Commits everything uncommitted in a worktree (git add -A: .gitignore and info/exclude are respected); true when
    /// a commit was made. Caller holds the rig's lock.
    /// </summary>
    public async Task<Result<bool>> CommitPendingAsync(string worktree, string message, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(worktree, ".git"))) return Result<bool>.Success(false);
        var added = await GitAsync(worktree, ct, "add", "-A");
        if (!added.Succeeded) return Result<bool>.Error($"git add in {worktree} failed: {added.Message}");
        var staged = await GitAsync(worktree, ct, "diff", "--cached", "--quiet");
        if (staged.Succeeded) return Result<bool>.Success(false); // exit 0: nothing staged
        var committed = await GitAsync(worktree, GastownIdentity, ct, "commit", "--quiet", "--no-verify", "-m", message);
        return committed.Succeeded ? Result<bool>.Success(true) : Result<bool>.Error($"git commit in {worktree} failed: {committed.Message}");
    }

    /// <summary>Whether the local branch has commits origin's default branch has not. Caller holds the rig's lock.</summary>
    public async Task<Result<bool>> HasCommitsAheadAsync(RepositoryRef repository, string branch, CancellationToken ct)
    {
        var clone = ClonePath(repository.RigId);
        if (!Directory.Exists(clone) || !await RefExistsAsync(clone, $"refs/heads/{branch}", ct)) return Result<bool>.Success(false);
        var ahead = await GitAsync(clone, ct, "rev-list", "--count", $"refs/remotes/origin/{repository.DefaultBranch}..refs/heads/{branch}");
        if (!ahead.Succeeded) return Result<bool>.Error($"git rev-list for '{branch}' failed: {ahead.Message}");
        return Result<bool>.Success(ahead.StandardOutput.Trim() != "0");
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors.</summary>
    public async Task<bool> IsAncestorAsync(string repository, string ancestor, string descendant, CancellationToken ct) =>
        (await GitAsync(repository, ct, "merge-base", "--is-ancestor", ancestor, descendant)).Succeeded;

    public async Task<bool> RefExistsAsync(string repository, string reference, CancellationToken ct) =>
        (await GitAsync(repository, ct, "rev-parse", "--verify", "--quiet", $"{reference}^{{commit}}")).Succeeded;

    private async Task<bool> IsCompleteCloneAsync(string clone, CancellationToken ct)
    {
        // A clone that was interrupted has no .git, or a HEAD that names no commit yet.
        if (!Directory.Exists(Path.Combine(clone, ".git"))) return false;
        return await RefExistsAsync(clone, "HEAD", ct);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) semaphore.Release();
        }
    }
}
