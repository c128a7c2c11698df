namespace Gastown.Application.Common.Ports;

/// <summary>What is in flight in a store, to decide how soon its alarm must fire again.</summary>
public sealed record LedgerActivity(
    int WorkingAgents,
    int HookedIdleAgents,
    int QueuedBeads,
    int PendingReviews,
    int RunningReviews,
    int UndeliveredMessages,
    int DependencyWork = 0)
{
    public bool HasActiveWork => WorkingAgents + HookedIdleAgents + QueuedBeads + PendingReviews + RunningReviews + UndeliveredMessages + DependencyWork > 0;
}
