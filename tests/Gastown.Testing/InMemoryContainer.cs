using System.Collections.Concurrent;
using Ardalis.Result;
using Gastown.Application.Common.Ports;

namespace Gastown.Testing;

/// <summary>
/// A town container without processes or git, for tests where the container is not the subject. Starts succeed
/// (the agent is then running under the launch's generation) unless a test scripts a failure; a test ends a
/// process with <see cref="Exit"/> or forgets it with <see cref="Lose"/>; merges answer what the test queued
/// (<see cref="QueueMerge"/>), else a merge commit. Everything asked of it is recorded for assertions.
/// </summary>
public sealed class InMemoryContainer : ITownContainer
{
    private readonly ConcurrentDictionary<Guid, AgentProcessStatus> _processes = new();
    private readonly ConcurrentQueue<Result<MergeOutcome>> _merges = new();
    private readonly ConcurrentQueue<AgentLaunch> _launches = new();
    private readonly ConcurrentQueue<MergeRequest> _mergeRequests = new();
    private readonly ConcurrentQueue<(Guid AgentId, string Message)> _messages = new();
    private readonly ConcurrentQueue<Guid> _stops = new();
    private readonly ConcurrentQueue<string> _deletedBranches = new();
    private readonly ConcurrentDictionary<string, bool> _work = new();
    private int _nextProcessId = 10_000;
    private volatile string? _startFailure;

    public IReadOnlyList<AgentLaunch> Launches => [.. _launches];

    public IReadOnlyList<MergeRequest> MergeRequests => [.. _mergeRequests];

    public IReadOnlyList<(Guid AgentId, string Message)> Messages => [.. _messages];

    public IReadOnlyList<Guid> Stops => [.. _stops];

    /// <summary>Kept branches deleted through <see cref="DeleteBranchAsync"/>, in order.</summary>
    public IReadOnlyList<string> DeletedBranches => [.. _deletedBranches];

    /// <summary>Every start fails with <paramref name="reason"/> from now on (null: starts succeed again).</summary>
    public void FailStarts(string? reason) => _startFailure = reason;

    /// <summary>The agent's process ends with <paramref name="exitCode"/> (as if it crashed or quit without done).</summary>
    public void Exit(Guid agentId, int exitCode = 1) =>
        _processes.AddOrUpdate(agentId,
            _ => new AgentProcessStatus(AgentProcessState.Exited, 0, exitCode),
            (_, running) => running with { State = AgentProcessState.Exited, ExitCode = exitCode });

    /// <summary>The agent's run ends because its model endpoint refused it for rate or quota (what its CLI reported).</summary>
    public void RateLimit(Guid agentId, AgentRateLimit limit, int exitCode = 1) =>
        _processes.AddOrUpdate(agentId,
            _ => new AgentProcessStatus(AgentProcessState.Exited, 0, exitCode, RateLimit: limit),
            (_, running) => running with { State = AgentProcessState.Exited, ExitCode = exitCode, RateLimit = limit });

    /// <summary>The container forgets the agent, as a server restart does.</summary>
    public void Lose(Guid agentId) => _processes.TryRemove(agentId, out _);

    /// <summary>The next merge answers <paramref name="outcome"/> (a commit, Conflict, Error…), in queue order.</summary>
    public void QueueMerge(Result<string> outcome) => _merges.Enqueue(outcome.IsSuccess
        ? Result.Success(new MergeOutcome(outcome.Value, "base", []))
        : outcome.Status == ResultStatus.Conflict ? Result<MergeOutcome>.Conflict([.. outcome.Errors]) : Result<MergeOutcome>.Error(string.Join(" ", outcome.Errors)));

    public void QueueMerge(Result<MergeOutcome> outcome) => _merges.Enqueue(outcome);

    /// <summary>The agent left work on <paramref name="branch"/>: uncommitted (the container commits it for it) or committed.</summary>
    public void LeaveWork(string branch, bool committed = false) => _work[branch] = committed;

    /// <summary>Last output seen now: keeps a quiet-agent check quiet, or (with an old time) sets it off.</summary>
    public void Output(Guid agentId, DateTimeOffset at) =>
        _processes.AddOrUpdate(agentId, _ => AgentProcessStatus.NotFound, (_, status) => status with { LastOutputAt = at });

    public Task<Result<int>> StartAgentAsync(AgentLaunch launch, CancellationToken ct)
    {
        _launches.Enqueue(launch);
        if (_startFailure is { } reason) return Task.FromResult(Result<int>.Error(reason));
        if (_processes.TryGetValue(launch.AgentId, out var current) && current is { State: AgentProcessState.Running } && current.Generation == launch.Generation)
            return Task.FromResult(Result.Success(current.ProcessId ?? 0));
        var processId = Interlocked.Increment(ref _nextProcessId);
        _processes[launch.AgentId] = new AgentProcessStatus(AgentProcessState.Running, launch.Generation, null, ProcessId: processId);
        return Task.FromResult(Result.Success(processId));
    }

    public Task StopAgentAsync(Guid agentId, CancellationToken ct)
    {
        _stops.Enqueue(agentId);
        _processes.TryRemove(agentId, out _);
        return Task.CompletedTask;
    }

    public Task<Result> SendMessageAsync(Guid agentId, string message, CancellationToken ct)
    {
        if (!_processes.TryGetValue(agentId, out var status) || status.State != AgentProcessState.Running)
            return Task.FromResult(Result.NotFound("The agent is not running."));
        _messages.Enqueue((agentId, message));
        return Task.FromResult(Result.Success());
    }

    public AgentProcessStatus GetStatus(Guid agentId) => _processes.TryGetValue(agentId, out var status) ? status : AgentProcessStatus.NotFound;

    public Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct)
    {
        _mergeRequests.Enqueue(request);
        return Task.FromResult(_merges.TryDequeue(out var outcome)
            ? outcome
            : Result.Success(new MergeOutcome(request.Push ? Guid.NewGuid().ToString("N")[..12] : null, "base", [])));
    }

    public Task<Result<bool>> CommitPendingAsync(string? nodeId, RepositoryRef repository, string branch, string message, CancellationToken ct)
    {
        if (!_work.TryGetValue(branch, out var committed) || committed) return Task.FromResult(Result.Success(false));
        _work[branch] = true;
        return Task.FromResult(Result.Success(true));
    }

    public Task<Result<bool>> HasBranchChangesAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct) =>
        Task.FromResult(Result.Success(_work.TryGetValue(branch, out var committed) && committed));

    public Task<Result> DeleteBranchAsync(string? nodeId, RepositoryRef repository, string branch, CancellationToken ct)
    {
        _deletedBranches.Enqueue(branch);
        _work.TryRemove(branch, out _);
        return Task.FromResult(Result.Success());
    }
}
