using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Mail;
using Microsoft.Extensions.Options;

namespace Gastown.Application.Dispatch.Phases;

/// <summary>
/// Watches working agents. A process that ended without calling done is not done: the agent goes idle with its
/// hook kept and is dispatched again, up to MaxRestarts; then it is stalled, the bead reopens and an escalation
/// explains. A quiet agent gets one GUPP_CHECK mail, not repeated until read.
/// </summary>
internal sealed class PatrolPhase(ILedgerStores ledgers, ITownContainer container, IOptions<GastownOptions> options, TimeProvider clock)
{
    public async Task RunAsync(Guid storeId, TickTally tally, CancellationToken ct)
    {
        var alarm = options.Value.Alarm;
        var now = clock.GetUtcNow();
        await using var ledger = await ledgers.OpenAsync(storeId, LedgerAccess.Write, ct);

        foreach (var agent in await ledger.ListAgentsAsync(ct))
        {
            if (agent.Status != AgentStatus.Working) continue;

            var process = container.GetStatus(agent.Id);
            if (process.State == AgentProcessState.Running && process.Generation == agent.Generation)
            {
                await CheckQuietAgentAsync(ledger, agent, process, alarm.GuppCheckAfter, now, ct);
                continue;
            }
            await HandleExitAsync(ledger, agent, process, alarm.MaxRestarts, tally, now, ct);
        }
        await ledger.CommitAsync(ct);
    }

    private static async Task HandleExitAsync(
        ILedgerSession ledger, Agent agent, AgentProcessStatus process, int maxRestarts, TickTally tally, DateTimeOffset now, CancellationToken ct)
    {
        // NotFound: this container never ran it, so the server restarted under it. That is not the agent's crash
        // and does not count toward its restarts; the bead's attempt limit still bounds how often it is re-run.
        var crashed = process.State == AgentProcessState.Exited;
        var exit = crashed ? $"exited with code {process.ExitCode}" : "was lost when the server restarted";
        var exited = agent.Exited(crashed, exit, now);

        if (agent.HookedBeadId is not { } beadId || exited.State.RestartCount <= maxRestarts)
        {
            await ledger.SaveAsync(exited, ct);
            if (agent.HookedBeadId is not null) tally.Restarted++;
            return;
        }

        var bead = await ledger.GetBeadAsync(beadId, ct);
        if (bead is null)
        {
            await ledger.SaveAsync(exited.Then(restarted => restarted.Stall(now)), ct);
        }
        else
        {
            await ledger.AppendEventsAsync(exited.Events, ct);
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
        if (await ledger.HasUndeliveredMailAsync(agent.Id, MailMessage.GuppCheckSubject, ct)) return;

        await ledger.InsertMailAsync(MailMessage.New(LedgerChanges.PatrolAddress, agent.Id, MailMessage.GuppCheckSubject,
            "Work is on your hook. If you are stuck, escalate.", now), ct);
        await ledger.AppendEventsAsync(agent.NoteMail(MailMessage.GuppCheckSubject, now).Events, ct);
    }
}
