using System.Data.Common;
using Gastown.Domain.Ledgers;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>
/// One connection and one transaction on one ledger store, on either database; see <see cref="ILedgerSession"/>.
/// What differs per database (files per store or one shared database, how one writer per store is ensured) is in
/// the <see cref="ILedgerStores"/> that opens it.
/// </summary>
internal sealed class LedgerSession : ILedgerSession
{
    // An arm that kept another writer's due time is left to that writer unless the time is this near (or past): then
    // it is told again, so a writer that died between its commit and its arm is made good by the next write.
    private static readonly TimeSpan LeaveToItsWriterBeyond = TimeSpan.FromSeconds(1);

    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly IAlarmScheduler _alarms;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim? _writeLock;
    private readonly LedgerSql _sql;
    private readonly LedgerAlarm _alarm;
    private bool _finished;
    private bool _disposed;

    public LedgerSession(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, LedgerIdentity identity, IAlarmScheduler alarms,
        TimeProvider clock, SemaphoreSlim? writeLock, string? guard = null)
    {
        (_connection, _transaction, _alarms, _clock, _writeLock, Identity) = (connection, transaction, alarms, clock, writeLock, identity);
        _sql = new LedgerSql(connection, transaction, dialect, Id(identity.StoreId));
        if (guard is not null) _sql.Guard(guard, null);
        _alarm = new LedgerAlarm(_sql);
        Beads = new BeadStore(_sql);
        Agents = new AgentStore(_sql);
        Mail = new MailStore(_sql);
        Reviews = new ReviewQueue(_sql);
        Usage = new UsageStore(_sql);
        Runs = new RunStore(_sql);
        MayorReplies = new MayorReplies(_sql);
    }

    public LedgerIdentity Identity { get; }
    public IBeadStore Beads { get; }
    public IAgentStore Agents { get; }
    public IMailStore Mail { get; }
    public IReviewQueue Reviews { get; }
    public IUsageStore Usage { get; }

    public IRunStore Runs { get; }
    public IMayorReplies MayorReplies { get; }
    public ILedgerAlarm Alarm => _alarm;

    public async Task<LedgerActivity> GetActivityAsync(CancellationToken ct)
    {
        var counts = await _sql.SingleAsync<ActivityRow>($"""
            SELECT
              (SELECT COUNT(*) FROM agents WHERE /*store_id = @store AND*/ status = 'working') AS WorkingAgents,
              (SELECT COUNT(*) FROM agents WHERE /*store_id = @store AND*/ status = 'idle' AND hooked_bead_id IS NOT NULL) AS HookedIdleAgents,
              (SELECT COUNT(*) FROM beads INDEXED BY beads_queued WHERE /*store_id = @store AND*/ {BeadStore.Queued}) AS QueuedBeads,
              (SELECT COUNT(*) FROM review_queue WHERE /*store_id = @store AND*/ status IN ('pending', 'approved')) AS PendingReviews,
              (SELECT COUNT(*) FROM review_queue WHERE /*store_id = @store AND*/ status = 'running') AS RunningReviews,
              (SELECT COUNT(*) FROM beads INDEXED BY beads_undelivered_messages
               WHERE /*store_id = @store AND*/ status = 'open' AND type = 'message' AND escalated_at IS NULL) AS UndeliveredMessages,
              (SELECT COUNT(*) FROM beads INDEXED BY beads_closure_pending WHERE /*store_id = @store AND*/ closure_pending = 1)
              + (SELECT COUNT(*) FROM beads INDEXED BY beads_blockers_unknown WHERE /*store_id = @store AND*/ open_blockers < 0) AS DependencyWork
            """, null, ct);
        return new LedgerActivity((int)counts.WorkingAgents, (int)counts.HookedIdleAgents, (int)counts.QueuedBeads,
            (int)counts.PendingReviews, (int)counts.RunningReviews, (int)counts.UndeliveredMessages, (int)counts.DependencyWork);
    }

    private sealed record ActivityRow(
        long WorkingAgents, long HookedIdleAgents, long QueuedBeads, long PendingReviews, long RunningReviews, long UndeliveredMessages,
        long DependencyWork);

    public async Task CommitAsync(CancellationToken ct)
    {
        await _sql.CommitAsync(_alarm.SaveAsync, ct);
        _finished = true;
        // The scheduler is told only once the commit has made the due time durable, and only by the transaction that
        // wrote it: telling Quartz's clustered store again is a transaction under its cluster-wide trigger lock.
        if (_alarm.ToSchedule is not { } due) return;
        if (_alarm.KeptAnotherWritersTime && due - _clock.GetUtcNow() > LeaveToItsWriterBeyond) return;
        await _alarms.ArmAsync(Identity.StoreId, due, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_finished) await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
        finally
        {
            _writeLock?.Release();
        }
    }
}
