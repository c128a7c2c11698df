using Gastown.Application.Common.Ports;
using Gastown.Domain.Runs;

namespace Gastown.Application.Beads;

/// <summary>
/// A finished run of an agent on a bead: who (agent, its name, the dispatch's generation), when, how it ended (exit
/// code), what it cost (usage its CLI reported, null when none), and how much of its transcript is kept.
/// </summary>
public sealed record AgentRunResponse(
    Guid Id,
    Guid AgentId,
    string AgentName,
    int Generation,
    Guid? BeadId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int? ExitCode,
    BeadUsageResponse? Usage,
    int Entries,
    int DroppedEntries)
{
    public static AgentRunResponse From(AgentRun run, TokenUsage? usage) => new(
        run.Id, run.AgentId, run.AgentName, run.Generation, run.BeadId, run.StartedAt, run.EndedAt, run.ExitCode,
        usage is null ? null : BeadUsageResponse.From(usage), run.EntryCount, run.DroppedEntries);
}
