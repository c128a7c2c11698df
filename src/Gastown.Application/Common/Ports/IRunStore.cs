using Gastown.Domain.Runs;

namespace Gastown.Application.Common.Ports;

/// <summary>Agent runs and their transcripts (written while they run, and once more at their end), in the session's transaction.</summary>
public interface IRunStore
{
    /// <summary>
    /// Stores a run with its transcript so far, replacing what was stored of it before (a run in flight has no
    /// <see cref="AgentRun.EndedAt"/>; the bead, when the run does not know it, is the one its dispatched event names),
    /// then keeps only the store's newest <paramref name="keepRuns"/> runs.
    /// </summary>
    Task SaveAsync(AgentRun run, IReadOnlyList<TranscriptEntry> transcript, int keepRuns, CancellationToken ct);

    /// <summary>A bead's runs, oldest first, each with its usage (null when its CLI reported none), without transcripts.</summary>
    Task<IReadOnlyList<(AgentRun Run, TokenUsage? Usage)>> ListForBeadAsync(Guid beadId, CancellationToken ct);

    /// <summary>One run of the bead with its whole transcript; null when the bead has no such run.</summary>
    Task<(AgentRun Run, IReadOnlyList<TranscriptEntry> Transcript)?> GetTranscriptAsync(Guid beadId, Guid runId, CancellationToken ct);
}
