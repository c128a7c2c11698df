using Gastown.Application.Common.Ports;
using Gastown.Domain;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Dispatch;

/// <summary>
/// The state changes several use cases make, each written with its ledger events in the caller's transaction, so
/// the bead_events ledger never misses a change.
/// </summary>
public static class LedgerChanges
{
    public const string PatrolAddress = "witness";

    /// <summary>Hooks a bead to an agent: the bead goes in progress with the agent as assignee.</summary>
    public static async Task<(Bead Bead, Agent Agent)> HookAsync(ILedgerSession ledger, Bead bead, Agent agent, DateTimeOffset now, CancellationToken ct)
    {
        var hookedBead = bead.AssignTo(agent.Id, now);
        var hookedAgent = agent.Hook(bead.Id, now);
        await ledger.UpdateBeadAsync(hookedBead, ct);
        await ledger.UpdateAgentAsync(hookedAgent, ct);
        await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, agent.Id, BeadEventType.Assigned, now, bead.AssigneeAgentId?.ToString(), agent.Id.ToString()), ct);
        await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, agent.Id, BeadEventType.Hooked, now, newValue: agent.Identity), ct);
        await StatusChangedAsync(ledger, bead, hookedBead, agent.Id, now, ct);
        return (hookedBead, hookedAgent);
    }

    /// <summary>
    /// Gives up on a bead: the agent lets go of it (idle, or <paramref name="agentStatus"/>), the bead goes back to
    /// open and unassigned and is marked escalated, and an escalation bead says why.
    /// </summary>
    public static async Task<Bead> GiveUpAsync(
        ILedgerSession ledger, Bead bead, Agent? agent, string title, string reason, BeadPriority priority,
        DateTimeOffset now, CancellationToken ct, AgentStatus agentStatus = AgentStatus.Idle)
    {
        if (agent is not null && agent.HookedBeadId == bead.Id)
        {
            await ledger.UpdateAgentAsync(agent.Unhook(now) with { Status = agentStatus }, ct);
            await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, agent.Id, BeadEventType.Unhooked, now, agent.Identity), ct);
        }
        var reopened = bead.Reopen(now, escalated: true);
        await ledger.UpdateBeadAsync(reopened, ct);
        await StatusChangedAsync(ledger, bead, reopened, agent?.Id, now, ct);
        await EscalateAsync(ledger, bead.Id, agent?.Id, title, reason, priority, now, ct);
        return reopened;
    }

    /// <summary>Writes an escalation bead about <paramref name="subjectBeadId"/> and an escalated event on it.</summary>
    public static async Task<Bead> EscalateAsync(
        ILedgerSession ledger, Guid? subjectBeadId, Guid? agentId, string title, string reason, BeadPriority priority,
        DateTimeOffset now, CancellationToken ct)
    {
        var metadata = new Dictionary<string, string>();
        if (subjectBeadId is { } subject) metadata["bead_id"] = subject.ToString();
        if (agentId is { } agent) metadata["agent_id"] = agent.ToString();

        var escalation = Bead.New(BeadType.Escalation, title, reason, now, priority, metadata);
        await ledger.InsertBeadAsync(escalation, ct);
        await ledger.AppendEventAsync(BeadEvent.Of(escalation.Id, agentId, BeadEventType.Created, now, newValue: escalation.Type.ToText()), ct);
        if (subjectBeadId is { } beadId)
            await ledger.AppendEventAsync(BeadEvent.Of(beadId, agentId, BeadEventType.Escalated, now, newValue: escalation.Id.ToString(),
                metadata: new Dictionary<string, string> { ["reason"] = reason }), ct);
        return escalation;
    }

    public static async Task StatusChangedAsync(ILedgerSession ledger, Bead before, Bead after, Guid? agentId, DateTimeOffset now, CancellationToken ct)
    {
        if (before.Status == after.Status) return;
        await ledger.AppendEventAsync(BeadEvent.Of(after.Id, agentId, BeadEventType.StatusChanged, now, before.Status.ToText(), after.Status.ToText()), ct);
        if (after.Status == BeadStatus.Closed)
            await ledger.AppendEventAsync(BeadEvent.Of(after.Id, agentId, BeadEventType.Closed, now), ct);
    }
}
