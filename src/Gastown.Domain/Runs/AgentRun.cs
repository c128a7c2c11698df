namespace Gastown.Domain.Runs;

/// <summary>
/// One run of an agent's process (one dispatch: agent and generation), kept with its transcript so a person can read
/// after the fact what the agent did. <see cref="BeadId"/> is the bead the run was dispatched for (null when unknown:
/// the mayor's runs). <see cref="EndedAt"/> is null while the run has not ended — it is still going, or the server was
/// killed while it ran — and its transcript then holds what was written so far. <see cref="DroppedEntries"/> counts the
/// oldest transcript entries dropped to keep it within its bound.
/// </summary>
public sealed record AgentRun(
    Guid Id,
    Guid AgentId,
    string AgentName,
    int Generation,
    Guid? BeadId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int? ExitCode,
    int EntryCount,
    int DroppedEntries,
    long TranscriptBytes);
