namespace Gastown.Domain.Beads;

public enum BeadType { Issue, Message, Escalation, MergeRequest }

public enum BeadStatus { Open, InProgress, Closed, Cancelled }

public enum BeadPriority { Low, Medium, High, Critical }

/// <summary>
/// A work item. Dispatch attempts live on the bead, not on the agent, so re-hooking never resets them.
/// <see cref="EscalatedAt"/> marks a bead that gave up (retries exhausted, stalled, merge conflict): the scheduler
/// leaves it alone until a person acts, so a failing bead cannot loop.
/// </summary>
public sealed record Bead(
    Guid Id,
    BeadType Type,
    BeadStatus Status,
    string Title,
    string? Body,
    BeadPriority Priority,
    Guid? AssigneeAgentId,
    IReadOnlyList<string> Labels,
    IReadOnlyDictionary<string, string> Metadata,
    int DispatchAttempts,
    DateTimeOffset? LastDispatchAttemptAt,
    DateTimeOffset? EscalatedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string? LastError = null,
    DateTimeOffset? NextAttemptAt = null)
{
    public const int MaxTitleLength = 500;
    public const int MaxBodyLength = 100_000;

    public bool IsTerminal => Status is BeadStatus.Closed or BeadStatus.Cancelled;

    public static Bead New(
        BeadType type, string title, string? body, DateTimeOffset now,
        BeadPriority priority = BeadPriority.Medium,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyList<string>? labels = null) =>
        new(Guid.NewGuid(), type, BeadStatus.Open, title, body, priority, null, labels ?? [],
            metadata ?? new Dictionary<string, string>(), 0, null, null, now, now, null);

    public Bead AssignTo(Guid agentId, DateTimeOffset now) =>
        this with { Status = BeadStatus.InProgress, AssigneeAgentId = agentId, UpdatedAt = now };

    /// <summary>Back to the queue, unassigned; an escalated bead also stops being picked by the scheduler.</summary>
    public Bead Reopen(DateTimeOffset now, bool escalated) =>
        this with
        {
            Status = BeadStatus.Open,
            AssigneeAgentId = null,
            EscalatedAt = escalated ? now : EscalatedAt,
            UpdatedAt = now,
        };

    public Bead Close(DateTimeOffset now) => this with { Status = BeadStatus.Closed, UpdatedAt = now, ClosedAt = now };

    public Bead RecordDispatchAttempt(DateTimeOffset now) =>
        this with { DispatchAttempts = DispatchAttempts + 1, LastDispatchAttemptAt = now, UpdatedAt = now };
}
