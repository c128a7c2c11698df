using System.Text;
using Gastown.Application.Common.Telemetry;
using Microsoft.Extensions.Logging;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Hands queued beads to free polecats, then dispatches every idle agent that has hooked work: the attempt is
/// recorded on the bead and the agent set working with a new generation first, and only then is the container
/// asked to start it. A failed start leaves the agent idle for a retry after a back-off; after the last attempt the
/// bead is unhooked, reopened and escalated.
/// </summary>
internal sealed class SchedulePhase(
    ILedgerStores ledgers,
    ITownContainer container,
    IAgentTokens tokens,
    PolecatRoster roster,
    IOptions<GastownOptions> options,
    TimeProvider clock,
    TownSettings settings,
    ILogger<SchedulePhase> logger,
    IGastownMetrics metrics,
    TownBudgets budgets,
    RateLimitPauses rateLimits,
    IClusterNodes nodes,
    ConvoyBranches convoyBranches)
{
    private const int AssignmentsPerTick = 50;

    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        if (ledgers.Exists(storeId))
        {
            await AssignQueuedBeadsAsync(storeId, tally, ct);
            await DispatchHookedAgentsAsync(storeId, tally, ct);
        }
    }

    private async Task AssignQueuedBeadsAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        if (ledger.Identity.Kind != LedgerKind.Rig) return;

        // Nothing queued, or no polecat to take it: nothing is read beyond that (a busy rig's tick used to list and
        // parse the first 50 queued beads to find that no polecat was free).
        if (!await ledger.Beads.HasQueuedAsync(ct)) return;
        var acquired = new List<AcquiredPolecat>();
        try
        {
            var polecat = await roster.AcquireAsync(ledger, now, ct);
            if (polecat is null) return;
            acquired.Add(polecat);
            foreach (var bead in await ledger.Beads.ListQueuedAsync(AssignmentsPerTick, ct))
            {
                if (polecat is null)
                {
                    if (await roster.AcquireAsync(ledger, now, ct) is not { } next) break;
                    acquired.Add(polecat = next);
                }
                await ledger.SaveAsync(polecat.Agent.Hook(bead, now), ct);
                tally.Assigned++;
                polecat = null;
            }
            await ledger.CommitAsync(ct);
        }
        catch
        {
            foreach (var polecat in acquired) await roster.ReleaseAsync(polecat);
            throw;
        }
    }

    private async Task DispatchHookedAgentsAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        IReadOnlyList<Agent> candidates;
        Guid townId;
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct))
        {
            townId = ledger.Identity.TownId;
            candidates = [.. (await ledger.Agents.ListAsync(ct)).Where(agent => agent is { Status: AgentStatus.Idle, HookedBeadId: not null })];
        }

        // A town paused by a budget or a rate limit dispatches no polecat; its hooked beads wait with the reason shown.
        // The mayor is not paused: it is how the user talks to the town (and may raise the budget).
        var polecats = candidates.Where(agent => agent.Role == AgentRole.Polecat).ToList();
        if (polecats.Count > 0 && await PauseAsync(townId, ct) is { } pause)
        {
            if (polecats.Any(agent => agent.PausedReason != pause.Reason))
                await MarkPausedAsync(storeId, polecats, pause.Reason, pause.RateLimitedUntil, ct);
            candidates = [.. candidates.Where(agent => agent.Role != AgentRole.Polecat)];
        }

        foreach (var candidate in candidates)
            await DispatchAsync(storeId, candidate.Id, tally, ct);
    }

    /// <summary>Why the town's polecats must wait now (a daily budget reached, a rate-limited endpoint), or null.</summary>
    private async Task<(string Reason, DateTimeOffset? RateLimitedUntil)?> PauseAsync(Guid townId, CancellationToken ct)
    {
        var (budget, isNew) = await budgets.CheckAsync(townId, ct);
        if (budget is not null)
        {
            if (isNew) await TellMayorAsync(budget, ct);
            return (budget.Reason, null);
        }
        return rateLimits.Until(townId, clock.GetUtcNow()) is { } until ? (Agent.RateLimitReason(until), until) : null;
    }

    private async Task MarkPausedAsync(Guid storeId, IReadOnlyList<Agent> agents, string reason, DateTimeOffset? rateLimitedUntil, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        foreach (var candidate in agents)
        {
            // Written once per reason, not every tick.
            if (await ledger.Agents.GetAsync(candidate.Id, ct) is not { Status: AgentStatus.Idle, HookedBeadId: { } beadId } agent
                || agent.PausedReason == reason) continue;
            if (await ledger.Beads.GetAsync(beadId, ct) is not { IsTerminal: false } bead) continue;
            await ledger.SaveAsync(agent.PauseDispatch(bead, reason, rateLimitedUntil, now), ct);
        }
        await ledger.CommitAsync(ct);
    }

    /// <summary>Once per pause: mail to the town's mayor (when the town has one) saying what was reached and when it lifts.</summary>
    private async Task TellMayorAsync(BudgetPause pause, CancellationToken ct)
    {
        LogBudgetPaused(logger, pause.TownId, pause.Reason, pause.Until);
        // The town HQ store has the town's id; it exists once the mayor has been talked to.
        if (!ledgers.Exists(pause.TownId)) return;
        await using var ledger = await ledgers.OpenAsync(pause.TownId, LedgerAccess.Write, ct);
        if (await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, ct) is not { } mayor) return;
        var subject = $"Budget reached: {pause.Budget}";
        if (await ledger.Mail.HasUndeliveredAsync(mayor.Id, subject, ct)) return;
        var now = clock.GetUtcNow();
        await ledger.Mail.InsertAsync(Domain.Mail.MailMessage.New(LedgerChanges.PatrolAddress, mayor.Id, subject,
            $"Dispatch of this town's polecats is paused: {pause.Reason} on {pause.Day:yyyy-MM-dd} (UTC). Hooked beads wait; nothing is lost. "
            + $"Dispatch resumes by itself at {pause.Until:O}, or as soon as the budget is raised.", now), ct);
        await ledger.CommitAsync(ct);
    }

    private static void LogBudgetPaused(ILogger logger, Guid townId, string reason, DateTimeOffset until) =>
        logger.LogInformation("Dispatch of town {TownId} paused: {Reason}; resumes at {Until} or when the budget is raised", townId, reason, until.ToString("O"));

    private async Task DispatchAsync(Guid storeId, Guid agentId, TickTally tally, CancellationToken ct)
    {
        var policy = options.Value.Alarm.ToDispatchPolicy();
        AgentLaunch launch;
        Guid beadId;

        // 1. Record the attempt and set the agent working, durably, before the container is called.
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct))
        {
            var now = clock.GetUtcNow();
            var agent = await ledger.Agents.GetAsync(agentId, ct);
            if (agent is not { Status: AgentStatus.Idle, HookedBeadId: { } hooked }) return;
            // Its own rate limit (kept across a server restart, when the town's in-memory pause is gone).
            if (agent.RateLimitedUntil is { } limitedUntil && limitedUntil > now) return;
            beadId = hooked;
            var bead = await ledger.Beads.GetAsync(beadId, ct);
            if (bead is null || bead.IsTerminal)
            {
                await ledger.SaveAsync(agent.Unhook(now), ct);
                await ledger.CommitAsync(ct);
                return;
            }
            if (!bead.IsUnblocked)
            {
                // Held, or blocked, after it was hooked (a hold or a new blocker came in before its dispatch): the
                // polecat lets go, and the bead waits out of the queue until released (decision 0025).
                await ledger.SaveAsync(agent.Unhook(now), ct);
                await ledger.SaveAsync(bead.Reopen(escalated: false, agent.Id, now), ct);
                await ledger.CommitAsync(ct);
                return;
            }
            if (policy.AttemptsExhausted(bead.DispatchAttempts))
            {
                await GiveUpAsync(ledger, bead, agent, policy.MaxAttempts, "the last attempts did not start", now, ct);
                await ledger.CommitAsync(ct);
                metrics.DispatchFailed(ledger.Identity.TownId, storeId, "attempts_exhausted");
                return;
            }
            if (now < policy.NextAttemptAt(bead.DispatchAttempts, bead.LastDispatchAttemptAt)) return;

            var (working, attempted) = await Dispatching.RecordAttemptAsync(ledger, agent, bead, now, ct, nodes.LocalNodeId);
            // Nudges that waited for this run start its prompt (delivered with the attempt's commit).
            var nudges = await Nudges.TakeForPromptAsync(ledger, agent.Id, now, ct);
            await ledger.CommitAsync(ct);
            launch = LaunchFor(ledger.Identity, working, attempted);
            if (nudges.Length > 0) launch = launch with { Prompt = nudges + launch.Prompt };
            var chosenModel = attempted.Metadata.GetValueOrDefault("model") is { } model && model != Slinger.DefaultModel ? model : null;
            launch = await settings.ApplyAsync(launch, chosenModel, ct);
            if (launch.Repository is { } repository) launch = launch with { Repository = await convoyBranches.ForBeadAsync(repository, attempted, ct) };
        }

        // 2. Start it. "Already running" this generation counts as started.
        using var span = GastownTracing.Start("dispatch", storeId, beadId, agentId);
        metrics.DispatchAttempted(launch.TownId, storeId);
        var started = await container.StartAgentAsync(launch, ct);
        if (!started.IsSuccess)
        {
            // The result's status is the reason's label (error, unavailable, invalid): never the message itself.
            metrics.DispatchFailed(launch.TownId, storeId, started.Status.ToString().ToLowerInvariant());
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "start failed");
        }

        // 3. Record the outcome, unless the agent has moved on meanwhile (done, or a newer dispatch).
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct))
        {
            var now = clock.GetUtcNow();
            var attempts = (await ledger.Beads.GetAsync(beadId, ct))?.DispatchAttempts ?? 0;
            DateTimeOffset? nextAttempt = policy.AttemptsExhausted(attempts) ? null : policy.NextAttemptAt(attempts, now);
            var recorded = await Dispatching.RecordStartAsync(ledger, launch, beadId, started, now, ct, nextAttempt);
            if (recorded is { Started: true }) tally.Dispatched++;
            if (recorded is { Started: false, Bead: { } bead })
            {
                tally.DispatchFailed++;
                LogDispatchFailed(logger, launch.AgentId, bead.Id, bead.DispatchAttempts, recorded.FailureReason!, nextAttempt);
                if (policy.AttemptsExhausted(bead.DispatchAttempts))
                    await GiveUpAsync(ledger, bead, recorded.Agent, policy.MaxAttempts, recorded.FailureReason!, now, ct);
            }
            await ledger.CommitAsync(ct);
        }
    }

    private static void LogDispatchFailed(ILogger logger, Guid agentId, Guid beadId, int attempt, string reason, DateTimeOffset? nextAttempt) =>
        logger.LogWarning("Dispatch of agent {AgentId} for bead {BeadId} failed (attempt {Attempt}): {Reason}. Next attempt: {NextAttemptAt}",
            agentId, beadId, attempt, reason, nextAttempt?.ToString("O") ?? "none (escalated)");

    private static Task GiveUpAsync(ILedgerSession ledger, Bead bead, Agent agent, int attempts, string lastReason, DateTimeOffset now, CancellationToken ct) =>
        LedgerChanges.GiveUpAsync(ledger, bead, agent, $"Dispatch failed: {bead.Title}",
            $"{agent.Identity} could not be started after {attempts} attempts. Last error: {lastReason}. The bead is open again and will not be retried automatically.",
            BeadPriority.High, now, ct);

    private AgentLaunch LaunchFor(LedgerIdentity store, Agent agent, Bead bead)
    {
        var token = tokens.Issue(new AgentClaims(agent.Id, store.StoreId, store.TownId, store.OwnerUserId, agent.Generation));
        var repository = store is { Kind: LedgerKind.Rig, GitUrl: { } url, DefaultBranch: { } branch } ? new RepositoryRef(store.StoreId, url, branch) : null;
        var workBranch = repository is null ? null : bead.WorkBranchFor(agent.Name);
        return new AgentLaunch(
            store.TownId, store.StoreId, agent.Id, agent.Role, agent.Name, agent.Generation,
            Prompt(bead, agent), bead.Metadata.GetValueOrDefault("model") ?? Slinger.DefaultModel, token,
            repository, workBranch, BeadId: bead.Id, ResumeSessionId: agent.SessionToResume(bead.Id, workBranch));
    }

    /// <summary>What the agent is asked to do: the bead, and where it left off if it ran before.</summary>
    private static string Prompt(Bead bead, Agent agent)
    {
        var prompt = new StringBuilder().AppendLine(bead.Title);
        if (!string.IsNullOrWhiteSpace(bead.Body)) prompt.AppendLine().AppendLine(bead.Body);
        if (agent.Checkpoint is { } checkpoint) prompt.AppendLine().AppendLine(AgentLaunch.CheckpointHeading).AppendLine(checkpoint);
        return prompt.ToString();
    }
}
