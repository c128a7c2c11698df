namespace Gastown.Domain.Beads;

public enum BeadEventType
{
    Created,
    Assigned,
    Hooked,
    Unhooked,
    StatusChanged,
    Dispatched,
    DispatchFailed,
    AgentExited,
    AgentStalled,
    ReviewSubmitted,
    Merged,
    MergeFailed,
    Escalated,
    Closed,
    MailSent,
    Checkpointed,
    Updated,
    Cancelled,
    Retried,
    /// <summary>The agent's process exited cleanly with work on its branch but never called done: treated as done.</summary>
    CompletedWithoutDone,
    ChangesRequested,
    AwaitingApproval,
    Approved,
}
