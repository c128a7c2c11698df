namespace Gastown.Application.Dispatch;

/// <summary>What became of a start, once recorded: null when the agent had moved on meanwhile.</summary>
public sealed record StartRecorded(Agent Agent, Bead? Bead, string? FailureReason)
{
    public bool Started => FailureReason is null;
}
