using Gastown.Domain.Runs;

namespace Gastown.Application.Beads;

/// <summary>
/// A run of an agent on a bead: who (agent, its name, the dispatch's generation), when, how it ended (exit code), what
/// it cost (usage its CLI reported, null when none), and how much of its transcript is kept. <see cref="Status"/> is
/// <c>ended</c>; <c>running</c> while it goes on (no end, no exit code yet; its transcript is what was written so far);
/// or <c>interrupted</c> when it never ended yet its agent has moved on (the server was killed while it ran).
/// </summary>
public sealed record AgentRunResponse(
    Guid Id,
    Guid AgentId,
    string AgentName,
    int Generation,
    Guid? BeadId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int? ExitCode,
    BeadUsageResponse? Usage,
    int Entries,
    int DroppedEntries,
    string Status)
{
    public const string Ended = "ended", Running = "running", Interrupted = "interrupted";

    /// <param name="agent">The run's agent as it is now (null: gone): a run without an end is running only while its
    /// agent still works under the run's generation.</param>
    public static AgentRunResponse From(AgentRun run, TokenUsage? usage, Agent? agent) => new(
        run.Id, run.AgentId, run.AgentName, run.Generation, run.BeadId, run.StartedAt, run.EndedAt, run.ExitCode,
        usage is null ? null : BeadUsageResponse.From(usage), run.EntryCount, run.DroppedEntries,
        run.EndedAt is not null ? Ended
        : agent is { Status: AgentStatus.Working } && agent.Generation == run.Generation ? Running
        : Interrupted);

    /// <summary>The responses of <paramref name="runs"/>, each agent read once from the ledger.</summary>
    public static async Task<IReadOnlyList<AgentRunResponse>> FromAsync(
        ILedgerSession ledger, IEnumerable<(AgentRun Run, TokenUsage? Usage)> runs, CancellationToken ct)
    {
        var agents = new Dictionary<Guid, Agent?>();
        var responses = new List<AgentRunResponse>();
        foreach (var (run, usage) in runs)
        {
            if (run.EndedAt is null && !agents.ContainsKey(run.AgentId)) agents[run.AgentId] = await ledger.Agents.GetAsync(run.AgentId, ct);
            responses.Add(From(run, usage, agents.GetValueOrDefault(run.AgentId)));
        }
        return responses;
    }
}
