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
    public List<string> FailedPhases { get; } = [];
}
