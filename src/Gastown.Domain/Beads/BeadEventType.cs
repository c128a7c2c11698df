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
    /// <summary>Dispatch of the bead waits: a town budget was reached, or its model endpoint is rate-limited.</summary>
    DispatchPaused,
    /// <summary>The agent's run ended because the model endpoint refused it for rate or quota (not counted as a crash).</summary>
    RateLimited,
    /// <summary>The bead's usage passed the town's usdPerBead budget: its agent was stopped.</summary>
    BudgetExceeded,
    /// <summary>Held by a person: not dispatched until released.</summary>
    Held,
    Released,
    /// <summary>The bead's blockers (dependsOn) were set or replaced; the new list in the new value.</summary>
    DependenciesChanged,
    /// <summary>The bead joined a convoy (its id in the new value).</summary>
    JoinedConvoy,
    /// <summary>The bead left a convoy (its id in the old value).</summary>
    LeftConvoy,
}
