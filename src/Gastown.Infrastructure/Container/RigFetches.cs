using Gastown.Infrastructure.Git;

namespace Gastown.Infrastructure.Container;

/// <summary>
/// A rig's remote work before an agent starts (its first clone, else a fetch) runs in the background, off the alarm
/// tick: a dispatch waits for it at most <see cref="GitLimits.DispatchWait"/>, then answers "still fetching" and frees
/// its tick slot; the next attempt finds the work done (or its error, which becomes the bead's dispatch error). One job
/// per rig at a time; at most <see cref="GitLimits.RemotePerTown"/> per town and <see cref="GitLimits.RemoteTotal"/> in
/// all, so one town's unreachable remotes wait behind each other and never in front of another town's. A job holds its
/// rig's lock, is bounded by the git deadlines, and is killed with its rig (retirement) or the server (shutdown).
/// </summary>
internal sealed class RigFetches(RigWorkspaces workspaces)
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<Result>>> _jobs = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _towns = new();
    private readonly SemaphoreSlim _total = new(Math.Max(1, workspaces.Limits.RemoteTotal));
    // When each job finished (a timestamp), so one nobody took for a while is not taken as a fresh fetch.
    private readonly ConcurrentDictionary<Lazy<Task<Result>>, long> _finishedAt = new();

    /// <summary>How long a finished fetch counts as fresh for a dispatch that did not wait for it.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    /// <summary>The rig's clone is there and fetched (Success), failed (Error, why), or still being made (Unavailable).</summary>
    public async Task<Result> EnsureCloneAsync(Guid townId, RepositoryRef repository, CancellationToken ct)
    {
        var job = _jobs.GetOrAdd(repository.RigId, _ => new Lazy<Task<Result>>(() => RunAsync(townId, repository)));
        // A fetch that finished long ago and was never taken (its bead gave up meanwhile) is stale: fetch again.
        if (job.IsValueCreated && job.Value.IsCompleted && _finishedAt.TryGetValue(job, out var finished)
            && Stopwatch.GetElapsedTime(finished) > Fresh)
        {
            _jobs.TryRemove(new KeyValuePair<Guid, Lazy<Task<Result>>>(repository.RigId, job));
            _finishedAt.TryRemove(job, out _);
            job = _jobs.GetOrAdd(repository.RigId, _ => new Lazy<Task<Result>>(() => RunAsync(townId, repository)));
        }
        try
        {
            await job.Value.WaitAsync(workspaces.Limits.DispatchWait, ct);
        }
        catch (TimeoutException)
        {
            return Result.Unavailable("the rig's repository is still being cloned or fetched; the agent starts once it is ready");
        }
        // Taken by this dispatch: the next one fetches again (as every start did when this ran inline).
        _jobs.TryRemove(new KeyValuePair<Guid, Lazy<Task<Result>>>(repository.RigId, job));
        _finishedAt.TryRemove(job, out _);
        return await job.Value;
    }

    private Task<Result> RunAsync(Guid townId, RepositoryRef repository) => Task.Run(async () =>
    {
        try
        {
            return await CloneOrFetchAsync(townId, repository);
        }
        finally
        {
            if (_jobs.TryGetValue(repository.RigId, out var job)) _finishedAt[job] = Stopwatch.GetTimestamp();
        }
    }, CancellationToken.None);

    private async Task<Result> CloneOrFetchAsync(Guid townId, RepositoryRef repository)
    {
        var lifetime = workspaces.RigLifetime(repository.RigId);
        var town = _towns.GetOrAdd(townId, _ => new SemaphoreSlim(Math.Max(1, workspaces.Limits.RemotePerTown)));
        try
        {
            await town.WaitAsync(lifetime);
            try
            {
                await _total.WaitAsync(lifetime);
                try
                {
                    using (await workspaces.LockRigAsync(repository.RigId, lifetime))
                        return await workspaces.EnsureCloneAsync(repository, lifetime);
                }
                finally
                {
                    _total.Release();
                }
            }
            finally
            {
                town.Release();
            }
        }
        catch (OperationCanceledException)
        {
            return Result.Unavailable("the rig is being deleted or the server is stopping");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result.Error(GitErrorText.Redact($"could not prepare the rig's clone: {e.Message}", workspaces.Root));
        }
    }
}
