using Gastown.Domain.Runs;

namespace Gastown.Application.Common.Ports;

/// <summary>Finished agent runs and their transcripts, in the session's transaction.</summary>
public interface IRunStore
{
    /// <summary>
    /// Stores a finished run with its transcript (the bead, when the run does not know it, is the one its dispatched
    /// event names), then keeps only the store's newest <paramref name="keepRuns"/> runs.
    /// </summary>
    Task InsertAsync(AgentRun run, IReadOnlyList<TranscriptEntry> transcript, int keepRuns, CancellationToken ct);

    /// <summary>A bead's runs, oldest first, each with its usage (null when its CLI reported none), without transcripts.</summary>
    Task<IReadOnlyList<(AgentRun Run, TokenUsage? Usage)>> ListForBeadAsync(Guid beadId, CancellationToken ct);

    /// <summary>One run of the bead with its whole transcript; null when the bead has no such run.</summary>
    Task<(AgentRun Run, IReadOnlyList<TranscriptEntry> Transcript)?> GetTranscriptAsync(Guid beadId, Guid runId, CancellationToken ct);
}
