using System.Collections.Concurrent;
using System.Diagnostics;
using Ardalis.Result;
using Gastown.Application.Common.Ports;

namespace Gastown.Benchmarks.Support;

/// <summary>
/// The town container the benchmarks plug in instead of the process container: records the instant each
/// <see cref="StartAgentAsync"/> is called (for dispatch latency), then answers at once or after
/// <see cref="StartDelay"/>, and reports the agent as running from then on. No process, no git.
/// </summary>
public sealed class BenchContainer : ITownContainer
{
    private readonly ConcurrentDictionary<Guid, int> _running = new();
    private readonly ConcurrentDictionary<Guid, long> _startCalledAt = new();
    private long _delayTicks;
    private int _nextProcessId = 100_000;
    private long _statusCalls;

    /// <summary>How long a start takes; changeable while the server runs.</summary>
    public TimeSpan StartDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public int StartCalls => _startCalledAt.Count;

    /// <summary>GetStatus calls: the alarm's patrol asks once per working agent per tick, so this counts ticks of busy rigs.</summary>
    public long StatusCalls => Interlocked.Read(ref _statusCalls);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the first start call for the agent, if any.</summary>
    public bool TryGetStartCalledAt(Guid agentId, out long timestamp) => _startCalledAt.TryGetValue(agentId, out timestamp);

    public async Task<Result<int>> StartAgentAsync(AgentLaunch launch, CancellationToken ct)
    {
        _startCalledAt.TryAdd(launch.AgentId, Stopwatch.GetTimestamp());
        _running[launch.AgentId] = launch.Generation;
        var delay = StartDelay;
        if (delay > TimeSpan.Zero) await Task.Delay(delay, ct);
        return Interlocked.Increment(ref _nextProcessId);
    }

    public Task StopAgentAsync(Guid agentId, CancellationToken ct)
    {
        _running.TryRemove(agentId, out _);
        return Task.CompletedTask;
    }

    public Task<Result> SendMessageAsync(Guid agentId, string message, CancellationToken ct) =>
        Task.FromResult(_running.ContainsKey(agentId) ? Result.Success() : Result.NotFound());

    public AgentProcessStatus GetStatus(Guid agentId) =>
        Interlocked.Increment(ref _statusCalls) > 0 && _running.TryGetValue(agentId, out var generation)
            ? new AgentProcessStatus(AgentProcessState.Running, generation, LastOutputAt: DateTimeOffset.UtcNow)
            : AgentProcessStatus.NotFound;

    public Task<Result<MergeOutcome>> MergeAsync(MergeRequest request, CancellationToken ct) =>
        Task.FromResult(Result<MergeOutcome>.Error("The bench container does not merge."));
}
