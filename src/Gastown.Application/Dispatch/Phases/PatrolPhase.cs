using System.Globalization;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Watches working agents. A process that ended without calling done is not done: the agent goes idle with its
/// hook kept and is dispatched again, up to MaxRestarts; then it is stalled, the bead reopens and an escalation
/// explains. A quiet agent gets one GUPP_CHECK mail, not repeated until read. Exit is not silence, though: a polecat
/// whose process exited with code 0 leaving work on its branch (commits, or changes the container commits for it) is
/// treated as done — its branch is queued for review and the bead records completed_without_done.
/// </summary>
internal sealed class PatrolPhase(
    ILedgerStores ledgers, ITownContainer container, IOptions<GastownOptions> options, TimeProvider clock,
    ITownManagement management, RateLimitPauses rateLimits, IGastownMetrics metrics)
{
    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        var alarm = options.Value.Alarm;
        // Git work (commit, compare) happens before the write transaction, so the store is not held while it runs.
        var finished = await FinishedWithChangesAsync(storeId, ct);
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        var overBudget = await OverBudgetAsync(ledger, ct);

        foreach (var agent in await ledger.Agents.ListAsync(ct))
        {
            if (agent.Status != AgentStatus.Working) continue;

            var process = container.GetStatus(agent.Id);
            if (agent.HookedBeadId is { } hooked && overBudget.TryGetValue(hooked, out var spent))
            {
                await StopOverBudgetAsync(ledger, agent, hooked, spent, now, ct);
                continue;
            }
            if (process.State == AgentProcessState.Running && process.Generation == agent.Generation)
            {
                await CheckQuietAgentAsync(ledger, agent, process, alarm.GuppCheckAfter, now, ct);
                continue;
            }
            if (process is { State: AgentProcessState.Exited, RateLimit: { } limit } && process.Generation == agent.Generation
                && agent.HookedBeadId is { } limitedBead && await ledger.Beads.GetAsync(limitedBead, ct) is { IsTerminal: false } bead)
            {
                // The provider refused the run: no restart, no attempt counted; the town waits for the reset.
                var until = rateLimits.Record(ledger.Identity.TownId, limit, now);
                await ledger.SaveAsync(agent.RateLimited(bead, until, now), ct);
                metrics.RateLimitPaused(ledger.Identity.TownId, storeId);
                continue;
            }
            if (finished.TryGetValue((agent.Id, agent.Generation), out var branch) && agent.HookedBeadId is { } beadId)
            {
                await CompleteWithoutDoneAsync(ledger, agent, beadId, branch, now, ct);
                continue;
            }
            await HandleExitAsync(ledger, agent, process, alarm.MaxRestarts, tally, now, ct);
        }
        await ledger.CommitAsync(ct);
    }

    /// <summary>Working polecats whose process exited with code 0 and whose branch now has work on it, with that branch.</summary>
    private async Task<Dictionary<(Guid, int), string>> FinishedWithChangesAsync(Guid storeId, CancellationToken ct)
    {
        var finished = new Dictionary<(Guid, int), string>();
        RepositoryRef repository;
        List<(Agent Agent, string Branch)> exited = [];
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct))
        {
            if (ledger.Identity is not { Kind: LedgerKind.Rig, GitUrl: { } url, DefaultBranch: { } defaultBranch }) return finished;
            repository = new RepositoryRef(storeId, url, defaultBranch);
            foreach (var agent in await ledger.Agents.ListAsync(ct))
            {
                if (agent is not { Status: AgentStatus.Working, Role: AgentRole.Polecat, HookedBeadId: { } beadId }) continue;
                var process = container.GetStatus(agent.Id);
                // A run cut short by a rate limit is resumed, not taken as finished.
                if (process is { State: AgentProcessState.Exited, ExitCode: 0, RateLimit: null } && process.Generation == agent.Generation)
                    exited.Add((agent, WorkBranch.For(agent.Name, beadId)));
            }
        }

        foreach (var (agent, branch) in exited)
        {
            var committed = await container.CommitPendingAsync(agent.NodeId, repository, branch, $"Work of {agent.Identity}, committed by Gastown when it exited", ct);
            if (!committed.IsSuccess) continue; // Treated as a failed run; the restart gets another chance.
            var changed = await container.HasBranchChangesAsync(agent.NodeId, repository, branch, ct);
            if (changed is { IsSuccess: true, Value: true }) finished[(agent.Id, agent.Generation)] = branch;
        }
        return finished;
    }

    /// <summary>
    /// The hooked beads of working polecats whose usage passed the town's usdPerBead, with that usage; empty (and no
    /// query) when the town has no such budget or nothing is working.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, TokenUsage>> OverBudgetAsync(ILedgerSession ledger, CancellationToken ct)
    {
        if (ledger.Identity.Kind != LedgerKind.Rig) return new Dictionary<Guid, TokenUsage>();
        if ((await management.GetTownConfigAsync(ledger.Identity.TownId, ct)).Budget?.UsdPerBead is not { } limit) return new Dictionary<Guid, TokenUsage>();
        var working = (await ledger.Agents.ListAsync(ct))
            .Where(agent => agent is { Status: AgentStatus.Working, Role: AgentRole.Polecat, HookedBeadId: not null })
            .Select(agent => agent.HookedBeadId!.Value).ToList();
        if (working.Count == 0) return new Dictionary<Guid, TokenUsage>();
        return (await ledger.Usage.GetPerBeadAsync(working, ct))
            .Where(pair => pair.Value.CostUsd is { } cost && cost > limit)
            .ToDictionary(pair => pair.Key, pair => pair.Value);
    }

    /// <summary>The bead cost more than the town allows per bead: its agent is stopped, the bead given up and escalated with its usage.</summary>
    private async Task StopOverBudgetAsync(ILedgerSession ledger, Agent agent, Guid beadId, TokenUsage spent, DateTimeOffset now, CancellationToken ct)
    {
        var limit = (await management.GetTownConfigAsync(ledger.Identity.TownId, ct)).Budget?.UsdPerBead ?? 0;
        await container.StopAgentAsync(agent.Id, ct);
        if (await ledger.Beads.GetAsync(beadId, ct) is not { } bead)
        {
            await ledger.SaveAsync(agent.Unhook(now), ct);
            return;
        }
        var usage = string.Create(CultureInfo.InvariantCulture,
            $"${spent.CostUsd:0.00##} of ${limit:0.00##} per bead ({spent.InputTokens} input, {spent.OutputTokens} output, {spent.CachedTokens} cached tokens)");
        await ledger.SaveAsync(bead.ExceedBudget(usage, agent.Id, now), ct);
        // Released like a reset (off the hook, a new generation), so a late call from the process being stopped is refused.
        var released = await ledger.SaveAsync(agent.Release(now), ct);
        await LedgerChanges.GiveUpAsync(ledger, bead, released, $"Budget exceeded: {bead.Title}",
            $"{agent.Identity} was stopped: the bead used {usage}, over the town's usdPerBead budget. The bead is open again and will not be retried automatically.",
            BeadPriority.High, now, ct);
    }

    private static async Task CompleteWithoutDoneAsync(ILedgerSession ledger, Agent agent, Guid beadId, string branch, DateTimeOffset now, CancellationToken ct)
    {
        if (await ledger.Beads.GetAsync(beadId, ct) is not { } bead)
        {
            await ledger.SaveAsync(agent.Unhook(now), ct);
            return;
        }
        var entry = ReviewEntry.New(agent.Id, bead.Id, branch, $"{agent.Identity} exited without calling done; its branch had changes.", now, agent.NodeId);
        await ledger.Reviews.InsertAsync(entry, ct);
        await ledger.SaveAsync(agent.CompleteWithoutDone(entry, now), ct);
        await ledger.Alarm.ArmAsync(now, ct);
    }

    private static async Task HandleExitAsync(
        ILedgerSession ledger, Agent agent, AgentProcessStatus process, int maxRestarts, TickTally tally, DateTimeOffset now, CancellationToken ct)
    {
        // NotFound: this container never ran it, so the server restarted under it. That is not the agent's crash
        // and does not count toward its restarts; the bead's attempt limit still bounds how often it is re-run. The
        // same for an exit of an earlier generation: the run this generation dispatched was never seen (in a cluster,
        // its node died before it recorded where the run went, and the agent's previous node answers for an old run).
        var crashed = process.State == AgentProcessState.Exited && process.Generation == agent.Generation;
        var exit = crashed ? $"exited with code {process.ExitCode}" : "was lost when the server restarted";
        var exited = agent.Exited(crashed, exit, now);

        if (agent.HookedBeadId is not { } beadId || exited.State.RestartCount <= maxRestarts)
        {
            await ledger.SaveAsync(exited, ct);
            if (agent.HookedBeadId is not null) tally.Restarted++;
            return;
        }

        var bead = await ledger.Beads.GetAsync(beadId, ct);
        if (bead is null)
        {
            await ledger.SaveAsync(exited.Then(restarted => restarted.Stall(now)), ct);
        }
        else
        {
            await ledger.Beads.AppendEventsAsync(exited.Events, ct);
            await LedgerChanges.GiveUpAsync(ledger, bead, exited.State, $"Stalled: {bead.Title}",
                $"{agent.Identity} {exit} without calling done, {exited.State.RestartCount} times in a row. The bead is open again and will not be retried automatically.",
                BeadPriority.High, now, ct, stalled: true);
        }
        tally.Stalled++;
    }

    private static async Task CheckQuietAgentAsync(
        ILedgerSession ledger, Agent agent, AgentProcessStatus process, TimeSpan quietLimit, DateTimeOffset now, CancellationToken ct)
    {
        var lastActivity = new[] { agent.LastActivityAt, process.LastOutputAt }.Max();
        if (lastActivity is null || now - lastActivity < quietLimit) return;
        if (await ledger.Mail.HasUndeliveredAsync(agent.Id, MailMessage.GuppCheckSubject, ct)) return;

        await ledger.Mail.InsertAsync(MailMessage.New(LedgerChanges.PatrolAddress, agent.Id, MailMessage.GuppCheckSubject,
            "Work is on your hook. If you are stuck, escalate.", now), ct);
        await ledger.Beads.AppendEventsAsync(agent.NoteMail(MailMessage.GuppCheckSubject, now).Events, ct);
    }
}
