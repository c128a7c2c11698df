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
    /// <summary>The agent's process exited cleanly with work on its branch but never called done: treated as done.</summary>
    CompletedWithoutDone,
}

/// <summary>One line of a bead's append-only ledger.</summary>
public sealed record BeadEvent(
    long Id,
    Guid BeadId,
    Guid? AgentId,
    BeadEventType Type,
    string? OldValue,
    string? NewValue,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset CreatedAt)
{
    public static BeadEvent Of(
        Guid beadId, Guid? agentId, BeadEventType type, DateTimeOffset at,
        string? oldValue = null, string? newValue = null, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(0, beadId, agentId, type, oldValue, newValue, metadata ?? new Dictionary<string, string>(), at);
}
