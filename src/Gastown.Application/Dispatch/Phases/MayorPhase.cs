using System.Text;
using System.Text.Json;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Delivers the user's messages to the town's mayor. A running mayor gets each new message on its stdin (one JSON
/// line: {"beadId", "message"}) and keeps its session; a mayor that is not running is started with the waiting
/// messages in its prompt. Start attempts count on the oldest waiting message, with the same back-off and limit as
/// polecat dispatch. A delivered message bead goes in progress; the mayor closes it when handled.
/// </summary>
internal sealed class MayorPhase(
    ILedgerStores ledgers, ITownContainer container, IAgentTokens tokens, IOptions<GastownOptions> options, TimeProvider clock,
    TownSettings settings, IClusterNodes nodes)
{
    private const int MessagesPerTick = 100;

    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        Agent mayor;
        IReadOnlyList<Bead> waiting;
        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Read, ct))
        {
            if (ledger.Identity.Kind != LedgerKind.TownHq) return;
            if (await ledger.Agents.FindByRoleAsync(AgentRole.Mayor, ct) is not { } found) return;
            mayor = found;
            waiting = await WaitingMessagesAsync(ledger, mayor, ct);
        }
        if (waiting.Count == 0) return;

        var process = container.GetStatus(mayor.Id);
        if (mayor.Status == AgentStatus.Working && process.State == AgentProcessState.Running && process.Generation == mayor.Generation)
            await ForwardAsync(storeId, mayor, waiting, ct);
        else if (mayor.Status == AgentStatus.Idle)
            await StartAsync(storeId, mayor.Id, tally, ct);
    }

    private static async Task<IReadOnlyList<Bead>> WaitingMessagesAsync(ILedgerSession ledger, Agent mayor, CancellationToken ct) =>
        [.. (await ledger.Beads.ListAsync(new BeadFilter([BeadStatus.Open], BeadType.Message, mayor.Id, MessagesPerTick), ct))
            .Where(bead => bead.EscalatedAt is null)
            .OrderBy(bead => bead.CreatedAt)];

    private async Task ForwardAsync(Guid storeId, Agent mayor, IReadOnlyList<Bead> waiting, CancellationToken ct)
    {
        var delivered = new List<Bead>();
        foreach (var bead in waiting)
        {
            var line = JsonSerializer.Serialize(new { beadId = bead.Id, message = bead.Body ?? bead.Title });
            if (!(await container.SendMessageAsync(mayor.Id, line, ct)).IsSuccess) break;
            delivered.Add(bead);
        }
        await MarkDeliveredAsync(storeId, mayor.Id, delivered, ct);
    }

    private async Task StartAsync(Guid storeId, Guid mayorId, TickTally tally, CancellationToken ct)
    {
        var policy = options.Value.Alarm.ToDispatchPolicy();
        AgentLaunch launch;
        IReadOnlyList<Bead> waiting;

        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct))
        {
            var now = clock.GetUtcNow();
            var mayor = await ledger.Agents.GetAsync(mayorId, ct);
            if (mayor is not { Status: AgentStatus.Idle }) return;
            waiting = await WaitingMessagesAsync(ledger, mayor, ct);
            if (waiting.Count == 0) return;

            var oldest = waiting[0];
            if (policy.AttemptsExhausted(oldest.DispatchAttempts))
            {
                foreach (var bead in waiting)
                    await LedgerChanges.GiveUpAsync(ledger, bead, null, "The mayor could not be started",
                        $"The mayor did not start after {policy.MaxAttempts} attempts; this message was not delivered.", BeadPriority.High, now, ct);
                await ledger.CommitAsync(ct);
                return;
            }
            if (now < policy.NextAttemptAt(oldest.DispatchAttempts, oldest.LastDispatchAttemptAt)) return;

            var (working, _) = await Dispatching.RecordAttemptAsync(ledger, mayor, oldest, now, ct, nodes.LocalNodeId);
            await ledger.CommitAsync(ct);

            var store = ledger.Identity;
            var token = tokens.Issue(new AgentClaims(mayor.Id, store.StoreId, store.TownId, store.OwnerUserId, working.Generation));
            launch = new AgentLaunch(store.TownId, store.StoreId, mayor.Id, AgentRole.Mayor, mayor.Name, working.Generation,
                Prompt(store.Name, waiting), oldest.Metadata.GetValueOrDefault("model") ?? Slinger.DefaultModel, token, null, null);
            var chosenModel = oldest.Metadata.GetValueOrDefault("model") is { } model && model != Slinger.DefaultModel ? model : null;
            launch = await settings.ApplyAsync(launch, chosenModel, ct);
        }

        var started = await container.StartAgentAsync(launch, ct);

        await using (var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct))
        {
            var now = clock.GetUtcNow();
            var attempts = (await ledger.Beads.GetAsync(waiting[0].Id, ct))?.DispatchAttempts ?? 0;
            DateTimeOffset? nextAttempt = policy.AttemptsExhausted(attempts) ? null : policy.NextAttemptAt(attempts, now);
            var recorded = await Dispatching.RecordStartAsync(ledger, launch, waiting[0].Id, started, now, ct, nextAttempt);
            if (recorded is null) return;
            if (recorded.Started) tally.Dispatched++;
            else tally.DispatchFailed++;
            await ledger.CommitAsync(ct);
        }
        if (started.IsSuccess) await MarkDeliveredAsync(storeId, mayorId, waiting, ct);
    }

    private async Task MarkDeliveredAsync(Guid storeId, Guid mayorId, IReadOnlyList<Bead> delivered, CancellationToken ct)
    {
        if (delivered.Count == 0) return;
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);
        foreach (var sent in delivered)
        {
            // Re-read: the mayor may already have closed it.
            if (await ledger.Beads.GetAsync(sent.Id, ct) is not { Status: BeadStatus.Open } bead) continue;
            await ledger.SaveAsync(bead.ChangeStatus(BeadStatus.InProgress, mayorId, now), ct);
        }
        await ledger.CommitAsync(ct);
    }

    private static string Prompt(string townName, IReadOnlyList<Bead> waiting)
    {
        var prompt = new StringBuilder($"You are the mayor of the town '{townName}'. Messages from your user:").AppendLine();
        foreach (var bead in waiting) prompt.AppendLine().AppendLine($"[{bead.Id}] {bead.Body ?? bead.Title}");
        return prompt.ToString();
    }
}
