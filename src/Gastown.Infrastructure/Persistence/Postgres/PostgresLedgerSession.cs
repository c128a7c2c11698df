using Dapper;
using Gastown.Application.Common.Ports;
using Gastown.Domain;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Mail;
using Gastown.Domain.Reviews;
using Gastown.Domain.Towns;
using Npgsql;
using static Gastown.Infrastructure.Persistence.SqliteValues;

namespace Gastown.Infrastructure.Persistence.Postgres;

/// <summary>
/// One connection and one transaction on one ledger store in the shared database; see <see cref="ILedgerSession"/>.
/// The SQL is SqliteLedgerSession's, with the store id as the first condition of every statement (every index leads
/// with it), lists as <c>= ANY(@array)</c> and upserts spelled the PostgreSQL way. Same row types (LedgerRows).
/// </summary>
internal sealed class PostgresLedgerSession(
    NpgsqlConnection connection,
    NpgsqlTransaction transaction,
    LedgerIdentity identity,
    IAlarmScheduler alarms,
    SemaphoreSlim? writeLock) : ILedgerSession
{
    // The queue, spelled exactly as the partial index beads_queued (Postgres/Ledger/0001).
    private const string QueuedBeads = "status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL";

    private readonly string _store = Id(identity.StoreId);

    // Set when this transaction armed the alarm: the scheduler is told only once the commit has made it durable.
    private DateTimeOffset? _alarmToSchedule;
    private bool _finished;
    private bool _disposed;

    public LedgerIdentity Identity => identity;

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction.CommitAsync(ct);
        _finished = true;
        if (_alarmToSchedule is { } due) await alarms.ArmAsync(identity.StoreId, due, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_finished) await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
        finally
        {
            writeLock?.Release();
        }
    }

    /// <summary>The row's own parameters plus the store id.</summary>
    private DynamicParameters With(object row)
    {
        var parameters = new DynamicParameters(row);
        parameters.Add("store", _store);
        return parameters;
    }

    // ---- Alarm -------------------------------------------------------------------------------------------------

    public async Task ArmAlarmAsync(DateTimeOffset at, CancellationToken ct)
    {
        // One statement, as SqliteLedgerSession: an alarm already due sooner (or overdue) stays, a later one is brought
        // forward; the due time it leaves is the one the scheduler is told after the commit.
        var due = ParseTimeText(await connection.ExecuteScalarAsync<string>($"""
            INSERT INTO kv (store_id, key, value) VALUES (@store, '{LedgerIdentityKv.AlarmDueAt}', @value)
            ON CONFLICT (store_id, key) DO UPDATE SET value =
                CASE WHEN kv.value IS NOT NULL AND kv.value::bigint <= excluded.value::bigint THEN kv.value ELSE excluded.value END
            RETURNING value
            """, new { store = _store, value = TimeText(at) }, transaction)
            ?? throw new InvalidOperationException("The alarm upsert returned no due time."));
        _alarmToSchedule = _alarmToSchedule is { } pending && pending <= due ? pending : due;
    }

    public async Task ReplaceAlarmAsync(DateTimeOffset? at, CancellationToken ct)
    {
        await WriteAlarmAsync(at);
        _alarmToSchedule = at;
    }

    public async Task<DateTimeOffset?> GetAlarmAsync(CancellationToken ct)
    {
        var text = await connection.ExecuteScalarAsync<string?>(
            "SELECT value FROM kv WHERE store_id = @store AND key = @key", new { store = _store, key = LedgerIdentityKv.AlarmDueAt }, transaction);
        return text is null ? null : ParseTimeText(text);
    }

    private Task WriteAlarmAsync(DateTimeOffset? at) =>
        connection.ExecuteAsync("""
            INSERT INTO kv (store_id, key, value) VALUES (@store, @key, @value)
            ON CONFLICT (store_id, key) DO UPDATE SET value = excluded.value
            """,
            new { store = _store, key = LedgerIdentityKv.AlarmDueAt, value = at is { } due ? TimeText(due) : null },
            transaction);

    // ---- Beads -------------------------------------------------------------------------------------------------

    public Task InsertBeadAsync(Bead bead, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO beads (store_id, id, type, status, title, body, priority, assignee_agent_id, labels, metadata,
                               dispatch_attempts, last_dispatch_attempt_at, escalated_at, created_at, updated_at, closed_at,
                               last_error, next_attempt_at, review_rounds, paused_reason, rate_limited_until)
            VALUES (@store, @Id, @Type, @Status, @Title, @Body, @Priority, @AssigneeAgentId, @Labels, @Metadata,
                    @DispatchAttempts, @LastDispatchAttemptAt, @EscalatedAt, @CreatedAt, @UpdatedAt, @ClosedAt,
                    @LastError, @NextAttemptAt, @ReviewRounds, @PausedReason, @RateLimitedUntil)
            """, With(BeadRow.From(bead)), transaction);

    public Task UpdateBeadAsync(Bead bead, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE beads SET type = @Type, status = @Status, title = @Title, body = @Body, priority = @Priority,
                assignee_agent_id = @AssigneeAgentId, labels = @Labels, metadata = @Metadata,
                dispatch_attempts = @DispatchAttempts, last_dispatch_attempt_at = @LastDispatchAttemptAt,
                escalated_at = @EscalatedAt, updated_at = @UpdatedAt, closed_at = @ClosedAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt, review_rounds = @ReviewRounds,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil
            WHERE store_id = @store AND id = @Id
            """, With(BeadRow.From(bead)), transaction);

    public async Task<Bead?> GetBeadAsync(Guid beadId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<BeadRow>(
            $"SELECT {BeadRow.Columns} FROM beads WHERE store_id = @store AND id = @beadId", new { store = _store, beadId = Id(beadId) }, transaction))
        ?.ToDomain();

    public async Task<IReadOnlyList<Bead>> ListBeadsAsync(BeadFilter filter, CancellationToken ct)
    {
        var where = new List<string> { "store_id = @store" };
        var parameters = new DynamicParameters();
        parameters.Add("store", _store);
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            where.Add("status = ANY(@statuses)");
            parameters.Add("statuses", statuses.Select(status => status.ToText()).ToArray());
        }
        if (filter.Type is { } type)
        {
            where.Add("type = @type");
            parameters.Add("type", type.ToText());
        }
        if (filter.AssigneeAgentId is { } assignee)
        {
            where.Add("assignee_agent_id = @assignee");
            parameters.Add("assignee", Id(assignee));
        }
        if (filter.After is { } after)
        {
            // Keyset paging: strictly older than the last row of the previous page.
            where.Add("(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))");
            parameters.Add("afterAt", Time(after.CreatedAt));
            parameters.Add("afterId", Id(after.Id));
        }
        parameters.Add("limit", filter.Limit);

        var sql = $"SELECT {BeadRow.Columns} FROM beads WHERE {string.Join(" AND ", where)} ORDER BY created_at DESC, id DESC LIMIT @limit";
        return [.. (await connection.QueryAsync<BeadRow>(sql, parameters, transaction)).Select(row => row.ToDomain())];
    }

    public Task<bool> HasQueuedBeadsAsync(CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM beads WHERE store_id = @store AND {QueuedBeads})", new { store = _store }, transaction);

    public async Task<IReadOnlyList<Bead>> ListQueuedBeadsAsync(int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadRow>($"""
            SELECT {BeadRow.Columns} FROM beads
            WHERE store_id = @store AND {QueuedBeads}
            ORDER BY CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END DESC, created_at, id
            LIMIT @limit
            """, new { store = _store, limit }, transaction)).Select(row => row.ToDomain())];

    // ---- Agents ------------------------------------------------------------------------------------------------

    public Task InsertAgentAsync(Agent agent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO agents (store_id, id, role, name, identity, status, hooked_bead_id, generation, process_id, last_activity_at,
                                restart_count, checkpoint, created_at, updated_at, status_line, status_line_at, last_error, next_attempt_at, node_id,
                                paused_reason, rate_limited_until)
            VALUES (@store, @Id, @Role, @Name, @Identity, @Status, @HookedBeadId, @Generation, @ProcessId, @LastActivityAt,
                    @RestartCount, @Checkpoint, @CreatedAt, @UpdatedAt, @StatusLine, @StatusLineAt, @LastError, @NextAttemptAt, @NodeId,
                    @PausedReason, @RateLimitedUntil)
            """, With(AgentRow.From(agent)), transaction);

    public Task UpdateAgentAsync(Agent agent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE agents SET status = @Status, hooked_bead_id = @HookedBeadId, generation = @Generation,
                process_id = @ProcessId, last_activity_at = @LastActivityAt, restart_count = @RestartCount,
                checkpoint = @Checkpoint, updated_at = @UpdatedAt, status_line = @StatusLine, status_line_at = @StatusLineAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt, node_id = @NodeId,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil
            WHERE store_id = @store AND id = @Id
            """, With(AgentRow.From(agent)), transaction);

    public async Task<Agent?> GetAgentAsync(Guid agentId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE store_id = @store AND id = @agentId", new { store = _store, agentId = Id(agentId) },
            transaction))?.ToDomain();

    public async Task<IReadOnlyList<Agent>> ListAgentsAsync(CancellationToken ct) =>
        [.. (await connection.QueryAsync<AgentRow>(
                $"SELECT {AgentRow.Columns} FROM agents WHERE store_id = @store ORDER BY created_at, id", new { store = _store }, transaction))
            .Select(row => row.ToDomain())];

    public async Task<Agent?> FindAgentByRoleAsync(AgentRole role, CancellationToken ct) =>
        (await connection.QueryFirstOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE store_id = @store AND role = @role AND status <> 'dead' ORDER BY created_at LIMIT 1",
            new { store = _store, role = role.ToText() }, transaction))?.ToDomain();

    public async Task<Agent?> FindFreePolecatAsync(CancellationToken ct) =>
        (await connection.QueryFirstOrDefaultAsync<AgentRow>($"""
            SELECT {AgentRow.Columns} FROM agents
            WHERE store_id = @store AND role = 'polecat' AND status = 'idle' AND hooked_bead_id IS NULL
            ORDER BY updated_at, id LIMIT 1
            """, new { store = _store }, transaction))?.ToDomain();

    public Task<int> CountLivePolecatsAsync(CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM agents WHERE store_id = @store AND role = 'polecat' AND status <> 'dead'", new { store = _store }, transaction);

    // ---- Events ------------------------------------------------------------------------------------------------

    public Task AppendEventAsync(BeadEvent beadEvent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO bead_events (store_id, bead_id, agent_id, type, old_value, new_value, metadata, created_at)
            VALUES (@store, @BeadId, @AgentId, @Type, @OldValue, @NewValue, @Metadata, @CreatedAt)
            """, With(BeadEventRow.From(beadEvent)), transaction);

    public async Task<IReadOnlyList<BeadEvent>> ListEventsAsync(Guid beadId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadEventRow>(
                $"SELECT {BeadEventRow.Columns} FROM bead_events WHERE store_id = @store AND bead_id = @beadId ORDER BY id",
                new { store = _store, beadId = Id(beadId) }, transaction))
            .Select(row => row.ToDomain())];

    // ---- Mail --------------------------------------------------------------------------------------------------

    public Task InsertMailAsync(MailMessage mail, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO mail (store_id, id, from_address, to_agent_id, subject, body, delivered, delivered_at, created_at)
            VALUES (@store, @Id, @FromAddress, @ToAgentId, @Subject, @Body, @Delivered, @DeliveredAt, @CreatedAt)
            """, With(MailRow.From(mail)), transaction);

    public async Task<IReadOnlyList<MailMessage>> ListUndeliveredMailAsync(Guid agentId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<MailRow>(
            $"SELECT {MailRow.Columns} FROM mail WHERE store_id = @store AND to_agent_id = @agentId AND delivered = 0 ORDER BY created_at, id",
            new { store = _store, agentId = Id(agentId) }, transaction)).Select(row => row.ToDomain())];

    public Task MarkMailDeliveredAsync(IReadOnlyList<Guid> mailIds, DateTimeOffset at, CancellationToken ct) =>
        mailIds.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                "UPDATE mail SET delivered = 1, delivered_at = @at WHERE store_id = @store AND id = ANY(@ids) AND delivered = 0",
                new { store = _store, at = Time(at), ids = mailIds.Select(Id).ToArray() }, transaction);

    public Task<bool> HasUndeliveredMailAsync(Guid agentId, string subject, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM mail WHERE store_id = @store AND to_agent_id = @agentId AND subject = @subject AND delivered = 0)",
            new { store = _store, agentId = Id(agentId), subject }, transaction);

    // ---- Review queue ------------------------------------------------------------------------------------------

    public Task InsertReviewAsync(ReviewEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO review_queue (store_id, id, agent_id, bead_id, branch, summary, status, attempts, merge_commit, message,
                                      created_at, updated_at, gates, base_commit, feedback, branch_deleted_at, node_id)
            VALUES (@store, @Id, @AgentId, @BeadId, @Branch, @Summary, @Status, @Attempts, @MergeCommit, @Message,
                    @CreatedAt, @UpdatedAt, @Gates, @BaseCommit, @Feedback, @BranchDeletedAt, @NodeId)
            """, With(ReviewRow.From(entry)), transaction);

    public Task UpdateReviewAsync(ReviewEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE review_queue SET status = @Status, attempts = @Attempts, merge_commit = @MergeCommit, message = @Message,
                gates = @Gates, base_commit = @BaseCommit, feedback = @Feedback, branch_deleted_at = @BranchDeletedAt,
                updated_at = @UpdatedAt
            WHERE store_id = @store AND id = @Id
            """, With(ReviewRow.From(entry)), transaction);

    public async Task<ReviewEntry?> GetReviewAsync(Guid entryId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<ReviewRow>(
            $"SELECT {ReviewRow.Columns} FROM review_queue WHERE store_id = @store AND id = @entryId",
            new { store = _store, entryId = Id(entryId) }, transaction))?.ToDomain();

    public async Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(ReviewStatus? status, CancellationToken ct) =>
        [.. (await connection.QueryAsync<ReviewRow>(
            $"SELECT {ReviewRow.Columns} FROM review_queue WHERE store_id = @store AND (@status::text IS NULL OR status = @status) ORDER BY created_at, id",
            new { store = _store, status = status?.ToText() }, transaction)).Select(row => row.ToDomain())];

    // ---- Activity ----------------------------------------------------------------------------------------------

    public async Task<LedgerActivity> GetActivityAsync(CancellationToken ct)
    {
        var counts = await connection.QuerySingleAsync<ActivityRow>($"""
            SELECT
              (SELECT COUNT(*) FROM agents WHERE store_id = @store AND status = 'working') AS WorkingAgents,
              (SELECT COUNT(*) FROM agents WHERE store_id = @store AND status = 'idle' AND hooked_bead_id IS NOT NULL) AS HookedIdleAgents,
              (SELECT COUNT(*) FROM beads WHERE store_id = @store AND {QueuedBeads}) AS QueuedBeads,
              (SELECT COUNT(*) FROM review_queue WHERE store_id = @store AND status IN ('pending', 'approved')) AS PendingReviews,
              (SELECT COUNT(*) FROM review_queue WHERE store_id = @store AND status = 'running') AS RunningReviews,
              (SELECT COUNT(*) FROM beads WHERE store_id = @store AND status = 'open' AND type = 'message' AND escalated_at IS NULL) AS UndeliveredMessages
            """, new { store = _store }, transaction);
        return new LedgerActivity((int)counts.WorkingAgents, (int)counts.HookedIdleAgents, (int)counts.QueuedBeads,
            (int)counts.PendingReviews, (int)counts.RunningReviews, (int)counts.UndeliveredMessages);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountBeadsByStatusAsync(CancellationToken ct) =>
        (await connection.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM beads WHERE store_id = @store GROUP BY status", new { store = _store }, transaction))
        .ToDictionary(row => row.Status, row => (int)row.Count);

    // ---- Mayor replies ------------------------------------------------------------------------------------------

    public Task InsertMayorReplyAsync(MayorReply reply, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO mayor_replies (store_id, id, mayor_agent_id, body, in_reply_to, created_at)
            VALUES (@store, @Id, @MayorAgentId, @Body, @InReplyTo, @CreatedAt)
            """, With(MayorReplyRow.From(reply)), transaction);

    public async Task<IReadOnlyList<MayorReply>> ListMayorRepliesAsync(int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<MayorReplyRow>(
                $"SELECT {MayorReplyRow.Columns} FROM mayor_replies WHERE store_id = @store ORDER BY created_at DESC, id DESC LIMIT @limit",
                new { store = _store, limit }, transaction))
            .Select(row => row.ToDomain())];

    private sealed record ActivityRow(
        long WorkingAgents, long HookedIdleAgents, long QueuedBeads, long PendingReviews, long RunningReviews, long UndeliveredMessages);

    // ---- Management --------------------------------------------------------------------------------------------

    public Task DeleteBeadAsync(Guid beadId, CancellationToken ct) =>
        connection.ExecuteAsync("""
            DELETE FROM bead_events WHERE store_id = @store AND bead_id = @beadId;
            DELETE FROM review_queue WHERE store_id = @store AND bead_id = @beadId;
            DELETE FROM beads WHERE store_id = @store AND id = @beadId;
            """, new { store = _store, beadId = Id(beadId) }, transaction);

    public Task DeleteAgentAsync(Guid agentId, CancellationToken ct) =>
        connection.ExecuteAsync("""
            DELETE FROM mail WHERE store_id = @store AND to_agent_id = @agentId;
            DELETE FROM agents WHERE store_id = @store AND id = @agentId;
            """, new { store = _store, agentId = Id(agentId) }, transaction);

    public async Task<IReadOnlyList<BeadEvent>> ListRecentEventsAsync(DateTimeOffset? since, int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadEventRow>($"""
                SELECT {BeadEventRow.Columns} FROM bead_events
                WHERE store_id = @store AND (@since::bigint IS NULL OR created_at >= @since)
                ORDER BY created_at DESC, id DESC LIMIT @limit
                """, new { store = _store, since = Time(since), limit }, transaction))
            .Select(row => row.ToDomain())];

    // ---- Usage -------------------------------------------------------------------------------------------------

    public Task AddUsageAsync(AgentRunUsage usage, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO agent_usage (store_id, agent_id, generation, bead_id, input_tokens, output_tokens, cached_tokens, cost_usd, updated_at)
            VALUES (@store, @AgentId, @Generation,
                    -- The bead this run was dispatched for, from its 'dispatched' event, when the caller does not know it.
                    COALESCE(@BeadId::text, (SELECT bead_id FROM bead_events
                                             WHERE store_id = @store AND agent_id = @AgentId AND type = 'dispatched'
                                               AND new_value = CAST(@Generation AS TEXT)
                                             ORDER BY id DESC LIMIT 1)),
                    @InputTokens, @OutputTokens, @CachedTokens, @CostUsd, @UpdatedAt)
            ON CONFLICT (store_id, agent_id, generation) DO UPDATE SET
                bead_id = COALESCE(excluded.bead_id, agent_usage.bead_id),
                input_tokens = agent_usage.input_tokens + excluded.input_tokens,
                output_tokens = agent_usage.output_tokens + excluded.output_tokens,
                cached_tokens = agent_usage.cached_tokens + excluded.cached_tokens,
                cost_usd = CASE WHEN agent_usage.cost_usd IS NULL AND excluded.cost_usd IS NULL THEN NULL
                                ELSE COALESCE(agent_usage.cost_usd, 0) + COALESCE(excluded.cost_usd, 0) END,
                updated_at = excluded.updated_at
            """, new
        {
            store = _store, AgentId = Id(usage.AgentId), usage.Generation, BeadId = Id(usage.BeadId), usage.Usage.InputTokens,
            usage.Usage.OutputTokens, usage.Usage.CachedTokens, CostUsd = (double?)usage.Usage.CostUsd, UpdatedAt = Time(usage.At),
        }, transaction);

    public async Task<IReadOnlyDictionary<Guid, TokenUsage>> GetBeadUsageAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct)
    {
        if (beadIds.Count == 0) return new Dictionary<Guid, TokenUsage>();
        // SUM of bigint is numeric in PostgreSQL: cast back, so the row keeps SQLite's types.
        var rows = await connection.QueryAsync<UsageRow>("""
            SELECT bead_id AS BeadId, SUM(input_tokens)::bigint AS InputTokens, SUM(output_tokens)::bigint AS OutputTokens,
                   SUM(cached_tokens)::bigint AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage WHERE store_id = @store AND bead_id = ANY(@ids) GROUP BY bead_id
            """, new { store = _store, ids = beadIds.Select(Id).ToArray() }, transaction);
        return rows.ToDictionary(row => ToId(row.BeadId),
            row => new TokenUsage(row.InputTokens, row.OutputTokens, row.CachedTokens, row.CostUsd is { } cost ? (decimal)cost : null));
    }

    public async Task<TokenUsage> GetUsageSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<UsageRow>("""
            SELECT '' AS BeadId, COALESCE(SUM(input_tokens), 0)::bigint AS InputTokens, COALESCE(SUM(output_tokens), 0)::bigint AS OutputTokens,
                   COALESCE(SUM(cached_tokens), 0)::bigint AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage WHERE store_id = @store AND updated_at >= @since
            """, new { store = _store, since = Time(since) }, transaction);
        return new TokenUsage(row.InputTokens, row.OutputTokens, row.CachedTokens, row.CostUsd is { } cost ? (decimal)cost : null);
    }

    private sealed class UsageRow
    {
        public string BeadId { get; set; } = "";
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long CachedTokens { get; set; }
        public double? CostUsd { get; set; }
    }
}
