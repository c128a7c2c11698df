using System.Globalization;
using Gastown.Domain.Beads;
using Gastown.Domain.Reviews;

namespace Gastown.Domain.Agents;

/// <summary>
/// A worker (or the mayor). <see cref="Generation"/> grows on every dispatch and is carried in the agent's session
/// token, so a late call from an older process can be told apart from the live one and refused.
/// </summary>
public sealed record Agent(
    Guid Id,
    AgentRole Role,
    string Name,
    string Identity,
    AgentStatus Status,
    Guid? HookedBeadId,
    int Generation,
    int? ProcessId,
    DateTimeOffset? LastActivityAt,
    int RestartCount,
    string? Checkpoint,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? StatusLine = null,
    DateTimeOffset? StatusLineAt = null,
    string? LastError = null,
    DateTimeOffset? NextAttemptAt = null,
    string? PausedReason = null,
    DateTimeOffset? RateLimitedUntil = null,
    string? NodeId = null,
    CliSession? CliSession = null)
{
    public bool IsLive => Status != AgentStatus.Dead;

    /// <summary>The CLI session a run on <paramref name="beadId"/> and <paramref name="branch"/> continues: the kept one when it belongs to both, else none (a fresh session).</summary>
    public string? SessionToResume(Guid beadId, string? branch) =>
        CliSession is { } session && session.BeadId == beadId && branch is not null && session.Branch == branch ? session.Id : null;

    /// <summary>
    /// Keeps the CLI session a run of <paramref name="generation"/> reported: only while that run is the agent's
    /// current one and still hooked to the session's bead (a late report of an older run changes nothing).
    /// <paramref name="session"/> null drops it (a resume the CLI could not take).
    /// </summary>
    public Transition<Agent> KeepCliSession(int generation, Guid beadId, CliSession? session, DateTimeOffset now) =>
        generation != Generation || HookedBeadId != beadId || CliSession == session
            ? new(this, [])
            : new(this with { CliSession = session, UpdatedAt = now }, []);

    public static Agent NewPolecat(string rigName, string name, DateTimeOffset now) =>
        new(Guid.NewGuid(), AgentRole.Polecat, name, $"{rigName}/polecats/{name}", AgentStatus.Idle,
            null, 0, null, null, 0, null, now, now);

    public static Agent NewMayor(string townName, DateTimeOffset now) =>
        new(Guid.NewGuid(), AgentRole.Mayor, "mayor", $"{townName}/mayor", AgentStatus.Idle,
            null, 0, null, null, 0, null, now, now);

    /// <summary>Hooks <paramref name="bead"/>: the bead goes in progress with this agent as assignee; a fresh hook starts with no restarts and no checkpoint.</summary>
    public Transition<Assignment> Hook(Bead bead, DateTimeOffset now)
    {
        var hookedBead = bead with { Status = BeadStatus.InProgress, AssigneeAgentId = Id, UpdatedAt = now };
        var hooked = this with { HookedBeadId = bead.Id, RestartCount = 0, Checkpoint = null, UpdatedAt = now };
        return new(new Assignment(hooked, hookedBead),
        [
            BeadEvent.Of(bead.Id, Id, BeadEventType.Assigned, now, bead.AssigneeAgentId?.ToString(), Id.ToString()),
            BeadEvent.Of(bead.Id, Id, BeadEventType.Hooked, now, newValue: Identity),
            .. bead.StatusEvents(hookedBead, Id, now),
        ]);
    }

    /// <summary>Lets go of the hooked bead and stops working (idle, or <paramref name="status"/>: stalled, dead).</summary>
    public Transition<Agent> Unhook(DateTimeOffset now, AgentStatus status = AgentStatus.Idle) =>
        ReleaseHook(now).Then(agent => new(agent with { Status = status, ProcessId = null }, []));

    /// <summary>
    /// Reset by a person (reset, cancel, delete): off its hook and idle under a new generation, so a late call from
    /// the process being stopped is refused as stale; restarts, checkpoint, dispatch error and CLI session cleared.
    /// </summary>
    public Transition<Agent> Release(DateTimeOffset now) =>
        Unhook(now).Then(agent => new(agent with
        {
            Generation = Generation + 1, RestartCount = 0, Checkpoint = null, LastError = null, NextAttemptAt = null,
            PausedReason = null, RateLimitedUntil = null, CliSession = null,
        }, []));

    /// <summary>Lets go of the hooked bead but keeps running (the agent closed its bead itself and may go on talking).</summary>
    public Transition<Agent> ReleaseHook(DateTimeOffset now) =>
        new(this with { HookedBeadId = null, UpdatedAt = now, PausedReason = null, RateLimitedUntil = null },
            HookedBeadId is { } beadId ? [BeadEvent.Of(beadId, Id, BeadEventType.Unhooked, now, Identity)] : []);

    /// <summary>
    /// A dispatch: the attempt counted on the bead, the agent working under a new generation (which its session token
    /// will carry), and the dispatched event. Recorded before the container is asked to start anything.
    /// </summary>
    /// <param name="nodeId">The cluster node that dispatches it (and runs its process); null keeps the previous one.</param>
    public Transition<Assignment> StartWorking(Bead bead, DateTimeOffset now, string? nodeId = null)
    {
        var attempted = bead.RecordDispatchAttempt(now);
        var working = this with
        {
            Status = AgentStatus.Working, Generation = Generation + 1, LastActivityAt = now, UpdatedAt = now, PausedReason = null, RateLimitedUntil = null,
            NodeId = nodeId ?? NodeId,
        };
        return new(new Assignment(working, attempted),
        [
            BeadEvent.Of(bead.Id, Id, BeadEventType.Dispatched, now, newValue: working.Generation.ToString(CultureInfo.InvariantCulture),
                metadata: new Dictionary<string, string> { ["attempt"] = attempted.DispatchAttempts.ToString(CultureInfo.InvariantCulture) }),
        ]);
    }

    /// <summary>The container started this dispatch's process.</summary>
    public Transition<Agent> Started(int processId, DateTimeOffset now) =>
        new(this with { ProcessId = processId, UpdatedAt = now, LastError = null, NextAttemptAt = null }, []);

    /// <summary>The container could not start this dispatch: idle again (hook kept, for a retry), the reason on the bead.</summary>
    public Transition<Agent> DispatchFailed(Guid? beadId, string reason, DateTimeOffset now, DateTimeOffset? nextAttemptAt = null) =>
        new(this with { Status = AgentStatus.Idle, ProcessId = null, UpdatedAt = now, LastError = reason, NextAttemptAt = nextAttemptAt },
            beadId is { } id ? [BeadEvent.Of(id, Id, BeadEventType.DispatchFailed, now, newValue: reason)] : []);

    /// <summary>
    /// The process ended without calling done: idle with its hook kept, to be dispatched again. A crash counts toward
    /// the restart limit; a process lost to a server restart (<paramref name="crashed"/> false) does not.
    /// </summary>
    public Transition<Agent> Exited(bool crashed, string description, DateTimeOffset now) =>
        new(this with { Status = AgentStatus.Idle, ProcessId = null, RestartCount = RestartCount + (crashed ? 1 : 0), UpdatedAt = now },
            HookedBeadId is { } beadId
                ? [BeadEvent.Of(beadId, Id, BeadEventType.AgentExited, now, newValue: description,
                    metadata: new Dictionary<string, string> { ["generation"] = Generation.ToString(CultureInfo.InvariantCulture) })]
                : []);

    /// <summary>
    /// The run ended because the model endpoint refused it for rate or quota: idle with its hook kept, and neither a
    /// restart of the agent nor a dispatch attempt of the bead is counted (the run was the provider's refusal, not a
    /// crash). Both wait until <paramref name="until"/>, when the same bead is dispatched again from its checkpoint.
    /// </summary>
    public Transition<Assignment> RateLimited(Bead bead, DateTimeOffset until, DateTimeOffset now)
    {
        var reason = RateLimitReason(until);
        var agent = this with { Status = AgentStatus.Idle, ProcessId = null, UpdatedAt = now, PausedReason = reason, RateLimitedUntil = until };
        var waiting = bead.RateLimitedRun(reason, until, now);
        return new(new Assignment(agent, waiting),
        [
            BeadEvent.Of(bead.Id, Id, BeadEventType.RateLimited, now, newValue: until.ToString("O", CultureInfo.InvariantCulture),
                metadata: new Dictionary<string, string> { ["generation"] = Generation.ToString(CultureInfo.InvariantCulture) }),
        ]);
    }

    /// <summary>
    /// Dispatch of this agent's hooked bead waits (a town budget reached, the town's endpoint rate-limited): the reason
    /// on the agent and the bead, and one dispatch_paused event on the bead. Nothing else changes; the hook is kept.
    /// </summary>
    public Transition<Assignment> PauseDispatch(Bead bead, string reason, DateTimeOffset? rateLimitedUntil, DateTimeOffset now) =>
        new(new Assignment(this with { PausedReason = reason, RateLimitedUntil = rateLimitedUntil, UpdatedAt = now },
                bead with { PausedReason = reason, RateLimitedUntil = rateLimitedUntil, UpdatedAt = now }),
            [BeadEvent.Of(bead.Id, Id, BeadEventType.DispatchPaused, now, newValue: reason)]);

    /// <summary>The words shown for a rate-limit pause: <c>rate_limited until 2026-11-30T12:00:00.0000000+00:00</c>.</summary>
    public static string RateLimitReason(DateTimeOffset until) => $"rate_limited until {until.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}";

    /// <summary>Too many restarts: stalled, and off its hook (the bead is given up separately).</summary>
    public Transition<Agent> Stall(DateTimeOffset now) =>
        new Transition<Agent>(this, HookedBeadId is { } beadId ? [BeadEvent.Of(beadId, Id, BeadEventType.AgentStalled, now, newValue: Identity)] : [])
            .Then(agent => agent.Unhook(now, AgentStatus.Stalled));

    /// <summary>Done: the branch is in the review queue; the agent lets go of its bead and is idle for new work.</summary>
    public Transition<Agent> SubmitReview(ReviewEntry entry, DateTimeOffset now) =>
        new Transition<Agent>(this with { LastActivityAt = now },
                [BeadEvent.Of(entry.BeadId, Id, BeadEventType.ReviewSubmitted, now, newValue: entry.Branch)])
            .Then(agent => agent.Unhook(now));

    /// <summary>
    /// The process exited cleanly with work on its branch but never called done: treated as done, so the work is
    /// reviewed rather than thrown away by a restart.
    /// </summary>
    public Transition<Agent> CompleteWithoutDone(ReviewEntry entry, DateTimeOffset now) =>
        new Transition<Agent>(this, [BeadEvent.Of(entry.BeadId, Id, BeadEventType.CompletedWithoutDone, now, newValue: entry.Branch)])
            .Then(agent => agent.SubmitReview(entry, now));

    /// <summary>Where the agent got to, handed back in its prompt if it is started again.</summary>
    public Transition<Agent> SaveCheckpoint(string data, DateTimeOffset now) =>
        new(this with { Checkpoint = data, LastActivityAt = now, UpdatedAt = now },
            HookedBeadId is { } beadId ? [BeadEvent.Of(beadId, Id, BeadEventType.Checkpointed, now)] : []);

    /// <summary>A sign of life (heartbeat, mail check): keeps a quiet agent from looking stuck.</summary>
    public Agent RecordActivity(DateTimeOffset now) => this with { LastActivityAt = now };

    /// <summary>Mail sent by or to this agent, noted on its hooked bead (if any); the agent itself does not change.</summary>
    public Transition<Agent> NoteMail(string detail, DateTimeOffset now) =>
        new(this, HookedBeadId is { } beadId ? [BeadEvent.Of(beadId, Id, BeadEventType.MailSent, now, newValue: detail)] : []);

    /// <summary>The agent's own one-line "what I am doing now" (gt_status); also proof of life.</summary>
    public Agent ReportStatus(string statusLine, DateTimeOffset now) =>
        this with { StatusLine = statusLine, StatusLineAt = now, LastActivityAt = now };
}
