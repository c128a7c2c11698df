namespace Gastown.Application.Dispatch.Phases;

/// <summary>Counts kept by the phases of one tick.</summary>
internal sealed class TickTally
{
    public int Restarted { get; set; }
    public int Stalled { get; set; }
    public int Assigned { get; set; }
    public int Dispatched { get; set; }
    public int DispatchFailed { get; set; }
    public int Merged { get; set; }
    public int MergeFailed { get; set; }

    /// <summary>
    /// A phase stopped with work it could do at once (review entries not yet tried this tick): the tick re-arms for
    /// now instead of the active interval, so draining a rig never waits out an interval between merges.
    /// </summary>
    public bool MoreWorkNow { get; set; }
    public List<string> FailedPhases { get; } = [];
}
