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
    ChangesRequested,
    AwaitingApproval,
    Approved,
}
