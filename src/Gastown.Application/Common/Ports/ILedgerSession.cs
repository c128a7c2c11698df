using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Mail;
using Gastown.Domain.Reviews;
using Gastown.Domain.Towns;

namespace Gastown.Application.Common.Ports;

/// <summary>
/// One unit of work on one ledger store. A write session is one transaction: dispose without
/// <see cref="CommitAsync"/> and nothing happened.
/// </summary>
public interface ILedgerSession : IAsyncDisposable
{
    LedgerIdentity Identity { get; }

    Task CommitAsync(CancellationToken ct);

    /// <summary>
    /// Asks for the store's alarm to fire at <paramref name="at"/>, or sooner if it is already due sooner. Every path
    /// that creates work calls this. The due time is written in this transaction, so a crash cannot lose it; the
    /// scheduler is told after the commit.
    /// </summary>
    Task ArmAlarmAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>The alarm tick's own re-arm: replaces the due time (null: nothing left to watch).</summary>
    Task ReplaceAlarmAsync(DateTimeOffset? at, CancellationToken ct);

    Task<DateTimeOffset?> GetAlarmAsync(CancellationToken ct);

    // Beads
    Task InsertBeadAsync(Bead bead, CancellationToken ct);
    Task UpdateBeadAsync(Bead bead, CancellationToken ct);
    Task<Bead?> GetBeadAsync(Guid beadId, CancellationToken ct);
    Task<IReadOnlyList<Bead>> ListBeadsAsync(BeadFilter filter, CancellationToken ct);

    /// <summary>Whether any issue bead waits in the queue (open, unassigned, unescalated).</summary>
    Task<bool> HasQueuedBeadsAsync(CancellationToken ct);

    /// <summary>Open, unassigned, unescalated issue beads: highest priority first, then oldest.</summary>
    Task<IReadOnlyList<Bead>> ListQueuedBeadsAsync(int limit, CancellationToken ct);

    // Agents
    Task InsertAgentAsync(Agent agent, CancellationToken ct);
    Task UpdateAgentAsync(Agent agent, CancellationToken ct);
    Task<Agent?> GetAgentAsync(Guid agentId, CancellationToken ct);
    Task<IReadOnlyList<Agent>> ListAgentsAsync(CancellationToken ct);
    Task<Agent?> FindAgentByRoleAsync(AgentRole role, CancellationToken ct);

    /// <summary>An idle polecat with nothing hooked, the one idle longest first.</summary>
    Task<Agent?> FindFreePolecatAsync(CancellationToken ct);

    /// <summary>Polecats that are not dead (the cap counts only these).</summary>
    Task<int> CountLivePolecatsAsync(CancellationToken ct);

    // Events
    Task AppendEventAsync(BeadEvent beadEvent, CancellationToken ct);

    /// <summary>
    /// Appends events in order. A store may write them in one statement (a sling writes four); the default writes
    /// them one by one.
    /// </summary>
    async Task AppendEventsAsync(IReadOnlyList<BeadEvent> events, CancellationToken ct)
    {
        for (var i = 0; i < events.Count; i++) await AppendEventAsync(events[i], ct);
    }
    Task<IReadOnlyList<BeadEvent>> ListEventsAsync(Guid beadId, CancellationToken ct);

    // Mail
    Task InsertMailAsync(MailMessage mail, CancellationToken ct);
    Task<IReadOnlyList<MailMessage>> ListUndeliveredMailAsync(Guid agentId, CancellationToken ct);
    Task MarkMailDeliveredAsync(IReadOnlyList<Guid> mailIds, DateTimeOffset at, CancellationToken ct);
    Task<bool> HasUndeliveredMailAsync(Guid agentId, string subject, CancellationToken ct);

    // Review queue
    Task InsertReviewAsync(ReviewEntry entry, CancellationToken ct);
    Task UpdateReviewAsync(ReviewEntry entry, CancellationToken ct);
    Task<ReviewEntry?> GetReviewAsync(Guid entryId, CancellationToken ct);
    /// <summary>Entries of one status (or all), oldest first.</summary>
    Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(ReviewStatus? status, CancellationToken ct);

    Task<LedgerActivity> GetActivityAsync(CancellationToken ct);

    /// <summary>Beads per status word (open, in_progress, …), for the metrics snapshot.</summary>
    Task<IReadOnlyDictionary<string, int>> CountBeadsByStatusAsync(CancellationToken ct);

    // Usage
    /// <summary>Adds to the run's usage (agent and generation); the first report of a run creates it.</summary>
    Task AddUsageAsync(AgentRunUsage usage, CancellationToken ct);

    /// <summary>Usage summed per bead, for the beads that have any.</summary>
    Task<IReadOnlyDictionary<Guid, TokenUsage>> GetBeadUsageAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct);

    /// <summary>Usage of the runs last reported at or after <paramref name="since"/> (the daily budgets: since midnight UTC).</summary>
    Task<TokenUsage> GetUsageSinceAsync(DateTimeOffset since, CancellationToken ct);

    // Mayor replies (town HQ stores)
    Task InsertMayorReplyAsync(MayorReply reply, CancellationToken ct);
    /// <summary>The newest replies, newest first.</summary>
    Task<IReadOnlyList<MayorReply>> ListMayorRepliesAsync(int limit, CancellationToken ct);
    // Management
    /// <summary>Removes a bead with its events and review entries.</summary>
    Task DeleteBeadAsync(Guid beadId, CancellationToken ct);

    /// <summary>Removes an agent and its mail.</summary>
    Task DeleteAgentAsync(Guid agentId, CancellationToken ct);

    /// <summary>The store's events, newest first, optionally only those at or after <paramref name="since"/>.</summary>
    Task<IReadOnlyList<BeadEvent>> ListRecentEventsAsync(DateTimeOffset? since, int limit, CancellationToken ct);
}
