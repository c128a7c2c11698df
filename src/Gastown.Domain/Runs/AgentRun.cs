namespace Gastown.Domain.Runs;

/// <summary>
/// One finished run of an agent's process (one dispatch: agent and generation), kept with its transcript so a person
/// can read after the fact what the agent did. <see cref="BeadId"/> is the bead the run was dispatched for (null when
/// unknown: the mayor's runs). <see cref="DroppedEntries"/> counts the oldest transcript entries dropped to keep it
/// within its bound.
/// </summary>
public sealed record AgentRun(
    Guid Id,
    Guid AgentId,
    string AgentName,
    int Generation,
    Guid? BeadId,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    int? ExitCode,
    int EntryCount,
    int DroppedEntries,
    long TranscriptBytes);
