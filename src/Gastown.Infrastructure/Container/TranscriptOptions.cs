namespace Gastown.Infrastructure.Container;

/// <summary>How much of the agents' runs is kept (Gastown:Transcripts): each run's transcript, and how many runs per rig.</summary>
public sealed class TranscriptOptions
{
    public const string Section = "Gastown:Transcripts";

    /// <summary>A run's transcript is kept to its last this many bytes (its oldest entries dropped, with a marker).</summary>
    public long MaxBytesPerRun { get; set; } = 1024 * 1024;

    /// <summary>Each rig (each ledger store) keeps its newest this many runs; older ones and their transcripts go.</summary>
    public int RunsPerRig { get; set; } = 200;

    /// <summary>
    /// A run in flight has its transcript written this often (when it grew since), so a kill -9 of the server loses at
    /// most this much of it. Zero: written only when the run ends.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}
