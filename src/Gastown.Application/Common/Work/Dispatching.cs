using System.Globalization;
using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Common.Work;

/// <summary>What became of a start, once recorded: null when the agent had moved on meanwhile.</summary>
public sealed record StartRecorded(Agent Agent, Bead? Bead, string? FailureReason)
{
    public bool Started => FailureReason is null;
}

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
        var attempted = bead.RecordDispatchAttempt(now);
        var working = agent.StartWorking(now);
        await ledger.UpdateBeadAsync(attempted, ct);
        await ledger.UpdateAgentAsync(working, ct);
        await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, agent.Id, BeadEventType.Dispatched, now,
            newValue: working.Generation.ToString(CultureInfo.InvariantCulture),
            metadata: new Dictionary<string, string> { ["attempt"] = attempted.DispatchAttempts.ToString(CultureInfo.InvariantCulture) }), ct);
        return (working, attempted);
    }

    /// <param name="nextAttemptAt">When a failed start will be tried again (null: not again); shown with the error.</param>
    public static async Task<StartRecorded?> RecordStartAsync(
        ILedgerSession ledger, AgentLaunch launch, Guid beadId, Result<int> started, DateTimeOffset now, CancellationToken ct,
        DateTimeOffset? nextAttemptAt = null)
    {
        var agent = await ledger.GetAgentAsync(launch.AgentId, ct);
        if (agent is null || agent.Generation != launch.Generation || agent.Status != AgentStatus.Working) return null;

        var bead = await ledger.GetBeadAsync(beadId, ct);
        if (started.IsSuccess)
        {
            var running = agent with { ProcessId = started.Value, UpdatedAt = now, LastError = null, NextAttemptAt = null };
            await ledger.UpdateAgentAsync(running, ct);
            if (bead is { LastError: not null } or { NextAttemptAt: not null })
                await ledger.UpdateBeadAsync(bead = bead with { LastError = null, NextAttemptAt = null }, ct);
            return new StartRecorded(running, bead, null);
        }

        var reason = string.Join(" ", started.Errors.Concat(started.ValidationErrors.Select(error => error.ErrorMessage)));
        var idle = agent with { Status = AgentStatus.Idle, ProcessId = null, UpdatedAt = now, LastError = reason, NextAttemptAt = nextAttemptAt };
        await ledger.UpdateAgentAsync(idle, ct);
        if (bead is not null)
            await ledger.UpdateBeadAsync(bead = bead with { LastError = reason, NextAttemptAt = nextAttemptAt, UpdatedAt = now }, ct);
        if (bead is not null)
            await ledger.AppendEventAsync(BeadEvent.Of(bead.Id, agent.Id, BeadEventType.DispatchFailed, now, newValue: reason), ct);
        return new StartRecorded(idle, bead, reason);
    }
}
