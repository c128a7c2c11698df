namespace Gastown.Domain.Beads;

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
    DateTimeOffset? NextAttemptAt = null,
    int ReviewRounds = 0,
    string? PausedReason = null,
    DateTimeOffset? RateLimitedUntil = null,
    BeadHold Hold = BeadHold.None,
    int OpenBlockers = 0,
    Guid? ConvoyId = null)
{
    /// <summary>Metadata key of the branch a bead keeps across request-changes rounds (whichever polecat takes it).</summary>
    public const string BranchKey = "branch";

    /// <summary>Metadata key of the latest review feedback (a failed gate's output tail, or a reviewer's words).</summary>
    public const string ReviewFeedbackKey = "review_feedback";

    /// <summary>Metadata key of how a closed bead ended when it was not by a merge (<see cref="NoChangesResolution"/>).</summary>
    public const string ResolutionKey = "resolution";

    /// <summary>The resolution of a bead closed without changes: its agent said, with a summary, that nothing needed changing.</summary>
    public const string NoChangesResolution = "closed_without_changes";

    /// <summary>Metadata key of the agent's summary of why a bead needed no change.</summary>
    public const string NoChangesSummaryKey = "no_changes_summary";

    public const int MaxTitleLength = 500;
    public const int MaxBodyLength = 100_000;

    public bool IsTerminal => Status is BeadStatus.Closed or BeadStatus.Cancelled;

    /// <summary>Held by a person (not by a staged convoy).</summary>
    public bool Held => (Hold & BeadHold.Person) != 0;

    /// <summary>
    /// May be dispatched as far as dependencies and holds go: not held (by a person or a staged convoy) and every
    /// blocker merged (a count not yet known, -1, is not zero). Decision 0025.
    /// </summary>
    public bool IsUnblocked => Hold == BeadHold.None && OpenBlockers == 0;

    /// <summary>Held by a person: never dispatched until released. Nothing changes (and no event) when already held.</summary>
    public Transition<Bead> HoldBy(DateTimeOffset now) =>
        Held ? new(this, []) : new(this with { Hold = Hold | BeadHold.Person, UpdatedAt = now }, [BeadEvent.Of(Id, null, BeadEventType.Held, now)]);

    /// <summary>Released by a person: dispatchable again once its blockers have merged. Nothing changes when not held.</summary>
    public Transition<Bead> ReleaseHold(DateTimeOffset now) =>
        !Held ? new(this, []) : new(this with { Hold = Hold & ~BeadHold.Person, UpdatedAt = now }, [BeadEvent.Of(Id, null, BeadEventType.Released, now)]);

    /// <summary>Its blockers were replaced: the ids in the event; the count of unmerged ones is recomputed by the store.</summary>
    public Transition<Bead> ChangeDependencies(IReadOnlyList<Guid> dependsOn, DateTimeOffset now) =>
        new(this with { UpdatedAt = now },
            [BeadEvent.Of(Id, null, BeadEventType.DependenciesChanged, now, newValue: string.Join(",", dependsOn))]);

    /// <summary>A new bead, open and unassigned, with its created event (by <paramref name="agentId"/>, if an agent made it).</summary>
    public static Transition<Bead> Create(
        BeadType type, string title, string? body, DateTimeOffset now,
        BeadPriority priority = BeadPriority.Medium,
        IReadOnlyDictionary<string, string>? metadata = null,
        Guid? agentId = null)
    {
        var bead = New(type, title, body, now, priority, metadata);
        return new(bead, [BeadEvent.Of(bead.Id, agentId, BeadEventType.Created, now, newValue: type.ToText())]);
    }

    /// <summary>
    /// An escalation bead asking a person to act about <paramref name="subjectBeadId"/> (if any), and the escalated
    /// event on the subject.
    /// </summary>
    public static Transition<Bead> Escalation(
        Guid? subjectBeadId, Guid? agentId, string title, string reason, BeadPriority priority, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>();
        if (subjectBeadId is { } subject) metadata["bead_id"] = subject.ToString();
        if (agentId is { } agent) metadata["agent_id"] = agent.ToString();

        var created = Create(BeadType.Escalation, title, reason, now, priority, metadata, agentId);
        if (subjectBeadId is not { } beadId) return created;
        return created with
        {
            Events =
            [
                .. created.Events,
                BeadEvent.Of(beadId, agentId, BeadEventType.Escalated, now, newValue: created.State.Id.ToString(),
                    metadata: new Dictionary<string, string> { ["reason"] = reason }),
            ],
        };
    }

    public static Bead New(
        BeadType type, string title, string? body, DateTimeOffset now,
        BeadPriority priority = BeadPriority.Medium,
        IReadOnlyDictionary<string, string>? metadata = null,
        IReadOnlyList<string>? labels = null) =>
        new(Guid.NewGuid(), type, BeadStatus.Open, title, body, priority, null, labels ?? [],
            metadata ?? new Dictionary<string, string>(), 0, null, null, now, now, null);

    /// <summary>Addressed to an agent without starting it (a message waiting for the mayor): stays open.</summary>
    public Transition<Bead> AddressTo(Guid agentId, DateTimeOffset now) =>
        new(this with { AssigneeAgentId = agentId, UpdatedAt = now },
            [BeadEvent.Of(Id, agentId, BeadEventType.Assigned, now, AssigneeAgentId?.ToString(), agentId.ToString())]);

    /// <summary>Open or in progress, as an agent (or the delivery of a message) says; closing has <see cref="Close"/>.</summary>
    public Transition<Bead> ChangeStatus(BeadStatus status, Guid? agentId, DateTimeOffset now) =>
        status is BeadStatus.Closed ? Close(agentId, now) : Changed(this with { Status = status, UpdatedAt = now }, agentId, now);

    /// <summary>Back to the queue, unassigned; an escalated bead also stops being picked by the scheduler.</summary>
    public Transition<Bead> Reopen(bool escalated, Guid? agentId, DateTimeOffset now) =>
        Changed(this with
        {
            Status = BeadStatus.Open,
            AssigneeAgentId = null,
            EscalatedAt = escalated ? now : EscalatedAt,
            PausedReason = null,
            RateLimitedUntil = null,
            UpdatedAt = now,
        }, agentId, now);

    /// <summary>A failed start of this bead's dispatch, shown on the bead until a start succeeds (null: no further attempt).</summary>
    public Bead NoteDispatchFailure(string reason, DateTimeOffset? nextAttemptAt, DateTimeOffset now) =>
        this with { LastError = reason, NextAttemptAt = nextAttemptAt, UpdatedAt = now };

    public Bead ClearDispatchFailure() => this with { LastError = null, NextAttemptAt = null };

    public Transition<Bead> Close(Guid? agentId, DateTimeOffset now) =>
        Changed(this with { Status = BeadStatus.Closed, UpdatedAt = now, ClosedAt = now }, agentId, now);

    /// <summary>
    /// The agent said the bead truly needs no change, and why: closed without a merge, marked
    /// <see cref="NoChangesResolution"/> (so no one reads it as merged), the summary kept on the bead and its event.
    /// </summary>
    public Transition<Bead> CloseWithoutChanges(string summary, Guid? agentId, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>(Metadata) { [ResolutionKey] = NoChangesResolution, [NoChangesSummaryKey] = summary };
        return new Transition<Bead>(this with { Metadata = metadata, UpdatedAt = now },
                [BeadEvent.Of(Id, agentId, BeadEventType.ClosedWithoutChanges, now, newValue: summary.Length <= 2000 ? summary : summary[..2000])])
            .Then(bead => bead.Close(agentId, now));
    }

    /// <summary>Stopped by a person: cancelled (terminal), unassigned, nothing more to dispatch.</summary>
    public Transition<Bead> Cancel(Guid? agentId, DateTimeOffset now)
    {
        var cancelled = this with { Status = BeadStatus.Cancelled, AssigneeAgentId = null, NextAttemptAt = null, UpdatedAt = now, ClosedAt = now };
        return new(cancelled, [BeadEvent.Of(Id, agentId, BeadEventType.Cancelled, now), .. StatusEvents(cancelled, agentId, now)]);
    }

    /// <summary>Back in the queue by a person's retry: unassigned, not escalated, with fresh dispatch attempts.</summary>
    public Transition<Bead> Requeue(Guid? agentId, DateTimeOffset now) =>
        Changed(this with
        {
            Status = BeadStatus.Open, AssigneeAgentId = null, EscalatedAt = null, DispatchAttempts = 0, LastDispatchAttemptAt = null,
            LastError = null, NextAttemptAt = null, PausedReason = null, RateLimitedUntil = null, UpdatedAt = now,
        }, agentId, now);

    /// <summary>The bead's branch landed as <paramref name="commit"/>: merged, and closed unless it already ended.</summary>
    public Transition<Bead> Merge(string branch, string commit, Guid? agentId, DateTimeOffset now)
    {
        var merged = new Transition<Bead>(this, [BeadEvent.Of(Id, agentId, BeadEventType.Merged, now, branch, commit)]);
        return IsTerminal ? merged : merged.Then(bead => bead.Close(agentId, now));
    }

    /// <summary>
    /// The bead's usage passed the town's per-bead budget: its agent is stopped and the bead given up (separately),
    /// the usage named in the event.
    /// </summary>
    public Transition<Bead> ExceedBudget(string usage, Guid? agentId, DateTimeOffset now) =>
        new(this, [BeadEvent.Of(Id, agentId, BeadEventType.BudgetExceeded, now, newValue: usage)]);

    /// <summary>The bead's branch could not be merged. The bead itself is given up separately (reopened, escalated).</summary>
    public Transition<Bead> MergeFailed(string branch, string message, Guid? agentId, DateTimeOffset now) =>
        new(this, [BeadEvent.Of(Id, agentId, BeadEventType.MergeFailed, now, branch, message)]);

    /// <summary>
    /// A review requested changes on <paramref name="branch"/>: one more review round, the feedback and the branch kept
    /// on the bead (the next polecat continues that branch), back to open and unassigned for a polecat to take again.
    /// </summary>
    public Transition<Bead> RequestChanges(string branch, string feedback, Guid? agentId, DateTimeOffset now)
    {
        var metadata = new Dictionary<string, string>(Metadata) { [BranchKey] = branch, [ReviewFeedbackKey] = feedback };
        var after = this with
        {
            Status = BeadStatus.Open, AssigneeAgentId = null, Metadata = metadata, ReviewRounds = ReviewRounds + 1,
            DispatchAttempts = 0, LastDispatchAttemptAt = null, LastError = null, NextAttemptAt = null, UpdatedAt = now,
        };
        var requested = BeadEvent.Of(Id, agentId, BeadEventType.ChangesRequested, now, branch, after.ReviewRounds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            metadata: new Dictionary<string, string> { ["feedback"] = feedback.Length <= 2000 ? feedback : feedback[^2000..] });
        return new(after, [requested, .. StatusEvents(after, agentId, now)]);
    }

    /// <summary>The branch's gates passed; it waits for a person's approval.</summary>
    public Transition<Bead> AwaitApproval(string branch, Guid? agentId, DateTimeOffset now) =>
        new(this, [BeadEvent.Of(Id, agentId, BeadEventType.AwaitingApproval, now, newValue: branch)]);

    /// <summary>A person approved the branch; the merge follows on the next tick.</summary>
    public Transition<Bead> Approve(string branch, DateTimeOffset now) =>
        new(this, [BeadEvent.Of(Id, null, BeadEventType.Approved, now, newValue: branch)]);

    /// <summary>The branch this bead's work lives on: the one kept by a review round, else the polecat's own.</summary>
    public string WorkBranchFor(string agentName) =>
        Metadata.TryGetValue(BranchKey, out var branch) ? branch : Agents.WorkBranch.For(agentName, Id);

    /// <summary>Counts a dispatch attempt; the dispatched event belongs to the agent's side (<see cref="Agents.Agent.StartWorking"/>).</summary>
    internal Bead RecordDispatchAttempt(DateTimeOffset now) =>
        this with { DispatchAttempts = DispatchAttempts + 1, LastDispatchAttemptAt = now, UpdatedAt = now, PausedReason = null, RateLimitedUntil = null };

    /// <summary>Its run was refused for rate or quota: that dispatch is given back (it is no failed attempt), and it waits until <paramref name="until"/>.</summary>
    internal Bead RateLimitedRun(string reason, DateTimeOffset until, DateTimeOffset now) =>
        this with { DispatchAttempts = Math.Max(0, DispatchAttempts - 1), PausedReason = reason, RateLimitedUntil = until, UpdatedAt = now };

    /// <summary>The status events from this state to <paramref name="after"/>: none when the status stays.</summary>
    internal IReadOnlyList<BeadEvent> StatusEvents(Bead after, Guid? agentId, DateTimeOffset now)
    {
        if (Status == after.Status) return [];
        var changed = BeadEvent.Of(Id, agentId, BeadEventType.StatusChanged, now, Status.ToText(), after.Status.ToText());
        return after.Status == BeadStatus.Closed ? [changed, BeadEvent.Of(Id, agentId, BeadEventType.Closed, now)] : [changed];
    }

    private Transition<Bead> Changed(Bead after, Guid? agentId, DateTimeOffset now) => new(after, StatusEvents(after, agentId, now));
}
