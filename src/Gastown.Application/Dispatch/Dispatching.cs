using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Dispatch;

/// <summary>
/// The two ledger writes around every dispatch (polecat or mayor). Before the container is called: the attempt on
/// the bead and the agent working under a new generation, committed. After: the process id, or the agent idle again
/// with the reason — unless the agent has moved on meanwhile (done, or a newer dispatch), which wins.
/// </summary>
public static class Dispatching
{
    public static async Task<(Agent Working, Bead Attempted)> RecordAttemptAsync(
        ILedgerSession ledger, Agent agent, Bead bead, DateTimeOffset now, CancellationToken ct)
    {
        var dispatched = await ledger.SaveAsync(agent.StartWorking(bead, now), ct);
        return (dispatched.Agent, dispatched.Bead);
    }

    public static async Task<StartRecorded?> RecordStartAsync(
        ILedgerSession ledger, AgentLaunch launch, Guid beadId, Result<int> started, DateTimeOffset now, CancellationToken ct)
    {
        var agent = await ledger.GetAgentAsync(launch.AgentId, ct);
        if (agent is null || agent.Generation != launch.Generation || agent.Status != AgentStatus.Working) return null;

        var bead = await ledger.GetBeadAsync(beadId, ct);
        if (started.IsSuccess) return new StartRecorded(await ledger.SaveAsync(agent.Started(started.Value, now), ct), bead, null);

        var reason = string.Join(" ", started.Errors.Concat(started.ValidationErrors.Select(error => error.ErrorMessage)));
        return new StartRecorded(await ledger.SaveAsync(agent.DispatchFailed(bead?.Id, reason, now), ct), bead, reason);
    }
}
