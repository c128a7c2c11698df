using Dapper;
using Gastown.Application.Common.Ports;
using Gastown.Domain;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Mail;
using Gastown.Domain.Reviews;
using Gastown.Domain.Towns;
using Microsoft.Data.Sqlite;
using static Gastown.Infrastructure.Persistence.SqliteValues;

namespace Gastown.Infrastructure.Persistence;

/// <summary>One connection and one transaction on one ledger store; see <see cref="ILedgerSession"/>.</summary>
internal sealed class SqliteLedgerSession(
    SqliteConnection connection,
    SqliteTransaction transaction,
    LedgerIdentity identity,
    IAlarmScheduler alarms,
    SemaphoreSlim? writeLock) : ILedgerSession
{
    // The queue, spelled exactly as the partial indexes beads_queued (migration 0002) and beads_queued_by_priority
    // (0013, the listing's order); the probes name the index
    // (INDEXED BY), so SQLite fails loudly rather than silently scanning if the two ever drift apart.
    private const string QueuedBeads = "status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL";

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

    // ---- Alarm -------------------------------------------------------------------------------------------------

    public async Task ArmAlarmAsync(DateTimeOffset at, CancellationToken ct)
    {
        // One statement: an alarm already due sooner (or overdue) stays, a later one is brought forward; the due time
        // it leaves is the one the scheduler is told after the commit.
        var due = ParseTimeText(await connection.ExecuteScalarAsync<string>(ArmAlarmSql, new ArmAlarmRow(TimeText(at)), transaction)
                                ?? throw new InvalidOperationException("The alarm upsert returned no due time."));
        _alarmToSchedule = _alarmToSchedule is { } pending && pending <= due ? pending : due;
    }

    private const string ArmAlarmSql = $"""
        INSERT INTO kv (key, value) VALUES ('{LedgerIdentityKv.AlarmDueAt}', @Value)
        ON CONFLICT (key) DO UPDATE SET value =
            CASE WHEN kv.value IS NOT NULL AND CAST(kv.value AS INTEGER) <= CAST(excluded.value AS INTEGER) THEN kv.value ELSE excluded.value END
        RETURNING value
        """;

    private sealed record ArmAlarmRow(string Value);

    public async Task ReplaceAlarmAsync(DateTimeOffset? at, CancellationToken ct)
    {
        await WriteAlarmAsync(at);
        _alarmToSchedule = at;
    }

    public async Task<DateTimeOffset?> GetAlarmAsync(CancellationToken ct)
    {
        var text = await connection.ExecuteScalarAsync<string?>(
            "SELECT value FROM kv WHERE key = @key", new { key = LedgerIdentityKv.AlarmDueAt }, transaction);
        return text is null ? null : ParseTimeText(text);
    }

    private Task WriteAlarmAsync(DateTimeOffset? at) =>
        connection.ExecuteAsync(
            "INSERT OR REPLACE INTO kv (key, value) VALUES (@key, @value)",
            new
            {
                key = LedgerIdentityKv.AlarmDueAt,
                value = at is { } due ? TimeText(due) : null,
            },
            transaction);

    // ---- Beads -------------------------------------------------------------------------------------------------

    public Task InsertBeadAsync(Bead bead, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO beads (id, type, status, title, body, priority, assignee_agent_id, labels, metadata,
                               dispatch_attempts, last_dispatch_attempt_at, escalated_at, created_at, updated_at, closed_at,
                               last_error, next_attempt_at, review_rounds, paused_reason, rate_limited_until)
            VALUES (@Id, @Type, @Status, @Title, @Body, @Priority, @AssigneeAgentId, @Labels, @Metadata,
                    @DispatchAttempts, @LastDispatchAttemptAt, @EscalatedAt, @CreatedAt, @UpdatedAt, @ClosedAt,
                    @LastError, @NextAttemptAt, @ReviewRounds, @PausedReason, @RateLimitedUntil)
            """, BeadRow.From(bead), transaction);

    public Task UpdateBeadAsync(Bead bead, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE beads SET type = @Type, status = @Status, title = @Title, body = @Body, priority = @Priority,
                assignee_agent_id = @AssigneeAgentId, labels = @Labels, metadata = @Metadata,
                dispatch_attempts = @DispatchAttempts, last_dispatch_attempt_at = @LastDispatchAttemptAt,
                escalated_at = @EscalatedAt, updated_at = @UpdatedAt, closed_at = @ClosedAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt, review_rounds = @ReviewRounds,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil
            WHERE id = @Id
            """, BeadRow.From(bead), transaction);

    public async Task<Bead?> GetBeadAsync(Guid beadId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<BeadRow>(
            $"SELECT {BeadRow.Columns} FROM beads WHERE id = @beadId", new { beadId = Id(beadId) }, transaction))?.ToDomain();

    public async Task<IReadOnlyList<Bead>> ListBeadsAsync(BeadFilter filter, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new DynamicParameters();
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            where.Add("status IN @statuses");
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

        var sql = $"SELECT {BeadRow.Columns} FROM beads"
                  + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
                  + " ORDER BY created_at DESC, id DESC LIMIT @limit";
        return [.. (await connection.QueryAsync<BeadRow>(sql, parameters, transaction)).Select(row => row.ToDomain())];
    }

    public Task<bool> HasQueuedBeadsAsync(CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM beads INDEXED BY beads_queued WHERE {QueuedBeads})", transaction: transaction);

    public async Task<IReadOnlyList<Bead>> ListQueuedBeadsAsync(int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadRow>($"""
            SELECT {BeadRow.Columns} FROM beads INDEXED BY beads_queued_by_priority
            WHERE {QueuedBeads}
            ORDER BY CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END DESC, created_at, id
            LIMIT @limit
            """, new { limit }, transaction)).Select(row => row.ToDomain())];

    // ---- Agents ------------------------------------------------------------------------------------------------

    public Task InsertAgentAsync(Agent agent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO agents (id, role, name, identity, status, hooked_bead_id, generation, process_id, last_activity_at,
                                restart_count, checkpoint, created_at, updated_at, status_line, status_line_at, last_error, next_attempt_at,
                                paused_reason, rate_limited_until, node_id)
            VALUES (@Id, @Role, @Name, @Identity, @Status, @HookedBeadId, @Generation, @ProcessId, @LastActivityAt,
                    @RestartCount, @Checkpoint, @CreatedAt, @UpdatedAt, @StatusLine, @StatusLineAt, @LastError, @NextAttemptAt,
                    @PausedReason, @RateLimitedUntil, @NodeId)
            """, AgentRow.From(agent), transaction);

    public Task UpdateAgentAsync(Agent agent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE agents SET status = @Status, hooked_bead_id = @HookedBeadId, generation = @Generation,
                process_id = @ProcessId, last_activity_at = @LastActivityAt, restart_count = @RestartCount,
                checkpoint = @Checkpoint, updated_at = @UpdatedAt, status_line = @StatusLine, status_line_at = @StatusLineAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil, node_id = @NodeId
            WHERE id = @Id
            """, AgentRow.From(agent), transaction);

    public async Task<Agent?> GetAgentAsync(Guid agentId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE id = @agentId", new { agentId = Id(agentId) }, transaction))?.ToDomain();

    public async Task<IReadOnlyList<Agent>> ListAgentsAsync(CancellationToken ct) =>
        [.. (await connection.QueryAsync<AgentRow>($"SELECT {AgentRow.Columns} FROM agents ORDER BY created_at, id", transaction: transaction))
            .Select(row => row.ToDomain())];

    public async Task<Agent?> FindAgentByRoleAsync(AgentRole role, CancellationToken ct) =>
        (await connection.QueryFirstOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE role = @role AND status <> 'dead' ORDER BY created_at LIMIT 1",
            new { role = role.ToText() }, transaction))?.ToDomain();

    public async Task<Agent?> FindFreePolecatAsync(CancellationToken ct) =>
        (await connection.QueryFirstOrDefaultAsync<AgentRow>($"""
            SELECT {AgentRow.Columns} FROM agents
            WHERE role = 'polecat' AND status = 'idle' AND hooked_bead_id IS NULL
            ORDER BY updated_at, id LIMIT 1
            """, transaction: transaction))?.ToDomain();

    public Task<int> CountLivePolecatsAsync(CancellationToken ct) =>
        connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM agents WHERE role = 'polecat' AND status <> 'dead'", transaction: transaction);

    // ---- Events ------------------------------------------------------------------------------------------------

    public Task AppendEventAsync(BeadEvent beadEvent, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO bead_events (bead_id, agent_id, type, old_value, new_value, metadata, created_at)
            VALUES (@BeadId, @AgentId, @Type, @OldValue, @NewValue, @Metadata, @CreatedAt)
            """, BeadEventRow.From(beadEvent), transaction);

    /// <summary>
    /// Several events in one multi-row INSERT (up to <see cref="EventsPerStatement"/> a statement): a statement's
    /// preparation, not its rows, is what costs here. Parameters are bound by their full names (no prefix search).
    /// </summary>
    public async Task AppendEventsAsync(IReadOnlyList<BeadEvent> events, CancellationToken ct)
    {
        if (events.Count == 1) await AppendEventAsync(events[0], ct);
        for (var start = 0; start < events.Count && events.Count > 1; start += EventsPerStatement)
        {
            var rows = Math.Min(EventsPerStatement, events.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = EventInserts[rows];
            for (var row = 0; row < rows; row++)
            {
                var e = BeadEventRow.From(events[start + row]);
                var names = EventParameterNames[row];
                command.Parameters.AddWithValue(names[0], e.BeadId);
                command.Parameters.AddWithValue(names[1], (object?)e.AgentId ?? DBNull.Value);
                command.Parameters.AddWithValue(names[2], e.Type);
                command.Parameters.AddWithValue(names[3], (object?)e.OldValue ?? DBNull.Value);
                command.Parameters.AddWithValue(names[4], (object?)e.NewValue ?? DBNull.Value);
                command.Parameters.AddWithValue(names[5], e.Metadata);
                command.Parameters.AddWithValue(names[6], e.CreatedAt);
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private const int EventsPerStatement = 16;

    private static readonly string[][] EventParameterNames =
        [.. Enumerable.Range(0, EventsPerStatement).Select(row => new[] { "b", "a", "t", "o", "n", "m", "c" }.Select(name => $"@{name}{row}").ToArray())];

    private static readonly string[] EventInserts =
        [.. Enumerable.Range(0, EventsPerStatement + 1).Select(rows =>
            "INSERT INTO bead_events (bead_id, agent_id, type, old_value, new_value, metadata, created_at) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(row => $"({string.Join(", ", EventParameterNames[row])})")))];

    public async Task<IReadOnlyList<BeadEvent>> ListEventsAsync(Guid beadId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadEventRow>(
            $"SELECT {BeadEventRow.Columns} FROM bead_events WHERE bead_id = @beadId ORDER BY id", new { beadId = Id(beadId) }, transaction))
            .Select(row => row.ToDomain())];

    // ---- Mail --------------------------------------------------------------------------------------------------

    public Task InsertMailAsync(MailMessage mail, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO mail (id, from_address, to_agent_id, subject, body, delivered, delivered_at, created_at)
            VALUES (@Id, @FromAddress, @ToAgentId, @Subject, @Body, @Delivered, @DeliveredAt, @CreatedAt)
            """, MailRow.From(mail), transaction);

    public async Task<IReadOnlyList<MailMessage>> ListUndeliveredMailAsync(Guid agentId, CancellationToken ct) =>
        [.. (await connection.QueryAsync<MailRow>(
            $"SELECT {MailRow.Columns} FROM mail WHERE to_agent_id = @agentId AND delivered = 0 ORDER BY created_at, id",
            new { agentId = Id(agentId) }, transaction)).Select(row => row.ToDomain())];

    public Task MarkMailDeliveredAsync(IReadOnlyList<Guid> mailIds, DateTimeOffset at, CancellationToken ct) =>
        mailIds.Count == 0
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                "UPDATE mail SET delivered = 1, delivered_at = @at WHERE id IN @ids AND delivered = 0",
                new { at = Time(at), ids = mailIds.Select(Id).ToArray() }, transaction);

    public Task<bool> HasUndeliveredMailAsync(Guid agentId, string subject, CancellationToken ct) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM mail WHERE to_agent_id = @agentId AND subject = @subject AND delivered = 0)",
            new { agentId = Id(agentId), subject }, transaction);

    // ---- Review queue ------------------------------------------------------------------------------------------

    public Task InsertReviewAsync(ReviewEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO review_queue (id, agent_id, bead_id, branch, summary, status, attempts, merge_commit, message, created_at, updated_at,
                                      gates, base_commit, feedback, branch_deleted_at, node_id)
            VALUES (@Id, @AgentId, @BeadId, @Branch, @Summary, @Status, @Attempts, @MergeCommit, @Message, @CreatedAt, @UpdatedAt,
                    @Gates, @BaseCommit, @Feedback, @BranchDeletedAt, @NodeId)
            """, ReviewRow.From(entry), transaction);

    public Task UpdateReviewAsync(ReviewEntry entry, CancellationToken ct) =>
        connection.ExecuteAsync("""
            UPDATE review_queue SET status = @Status, attempts = @Attempts, merge_commit = @MergeCommit, message = @Message,
                gates = @Gates, base_commit = @BaseCommit, feedback = @Feedback, branch_deleted_at = @BranchDeletedAt,
                updated_at = @UpdatedAt
            WHERE id = @Id
            """, ReviewRow.From(entry), transaction);

    public async Task<ReviewEntry?> GetReviewAsync(Guid entryId, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<ReviewRow>(
            $"SELECT {ReviewRow.Columns} FROM review_queue WHERE id = @entryId", new { entryId = Id(entryId) }, transaction))?.ToDomain();

    public async Task<IReadOnlyList<ReviewEntry>> ListReviewsAsync(ReviewStatus? status, CancellationToken ct) =>
        [.. (await connection.QueryAsync<ReviewRow>(
            $"SELECT {ReviewRow.Columns} FROM review_queue WHERE @status IS NULL OR status = @status ORDER BY created_at, id",
            new { status = status?.ToText() }, transaction)).Select(row => row.ToDomain())];

    // ---- Activity ----------------------------------------------------------------------------------------------

    public async Task<LedgerActivity> GetActivityAsync(CancellationToken ct)
    {
        var counts = await connection.QuerySingleAsync<ActivityRow>($"""
            SELECT
              (SELECT COUNT(*) FROM agents WHERE status = 'working') AS WorkingAgents,
              (SELECT COUNT(*) FROM agents WHERE status = 'idle' AND hooked_bead_id IS NOT NULL) AS HookedIdleAgents,
              (SELECT COUNT(*) FROM beads INDEXED BY beads_queued WHERE {QueuedBeads}) AS QueuedBeads,
              (SELECT COUNT(*) FROM review_queue WHERE status IN ('pending', 'approved')) AS PendingReviews,
              (SELECT COUNT(*) FROM review_queue WHERE status = 'running') AS RunningReviews,
              (SELECT COUNT(*) FROM beads WHERE status = 'open' AND type = 'message' AND escalated_at IS NULL) AS UndeliveredMessages
            """, transaction: transaction);
        return new LedgerActivity((int)counts.WorkingAgents, (int)counts.HookedIdleAgents, (int)counts.QueuedBeads,
            (int)counts.PendingReviews, (int)counts.RunningReviews, (int)counts.UndeliveredMessages);
    }

    public async Task<IReadOnlyDictionary<string, int>> CountBeadsByStatusAsync(CancellationToken ct) =>
        (await connection.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM beads GROUP BY status", transaction: transaction))
        .ToDictionary(row => row.Status, row => (int)row.Count);

    // ---- Mayor replies ------------------------------------------------------------------------------------------

    public Task InsertMayorReplyAsync(MayorReply reply, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO mayor_replies (id, mayor_agent_id, body, in_reply_to, created_at)
            VALUES (@Id, @MayorAgentId, @Body, @InReplyTo, @CreatedAt)
            """, MayorReplyRow.From(reply), transaction);

    public async Task<IReadOnlyList<MayorReply>> ListMayorRepliesAsync(int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<MayorReplyRow>(
            $"SELECT {MayorReplyRow.Columns} FROM mayor_replies ORDER BY created_at DESC, id DESC LIMIT @limit", new { limit }, transaction))
            .Select(row => row.ToDomain())];

    private sealed record ActivityRow(
        long WorkingAgents, long HookedIdleAgents, long QueuedBeads, long PendingReviews, long RunningReviews, long UndeliveredMessages);

    // ---- Management --------------------------------------------------------------------------------------------

    public Task DeleteBeadAsync(Guid beadId, CancellationToken ct) =>
        connection.ExecuteAsync("""
            DELETE FROM bead_events WHERE bead_id = @beadId;
            DELETE FROM review_queue WHERE bead_id = @beadId;
            DELETE FROM beads WHERE id = @beadId;
            """, new { beadId = Id(beadId) }, transaction);

    public Task DeleteAgentAsync(Guid agentId, CancellationToken ct) =>
        connection.ExecuteAsync("""
            DELETE FROM mail WHERE to_agent_id = @agentId;
            DELETE FROM agents WHERE id = @agentId;
            """, new { agentId = Id(agentId) }, transaction);

    public async Task<IReadOnlyList<BeadEvent>> ListRecentEventsAsync(DateTimeOffset? since, int limit, CancellationToken ct) =>
        [.. (await connection.QueryAsync<BeadEventRow>(
            $"SELECT {BeadEventRow.Columns} FROM bead_events WHERE @since IS NULL OR created_at >= @since ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { since = Time(since), limit }, transaction)).Select(row => row.ToDomain())];

    // ---- Usage -------------------------------------------------------------------------------------------------

    public Task AddUsageAsync(AgentRunUsage usage, CancellationToken ct) =>
        connection.ExecuteAsync("""
            INSERT INTO agent_usage (agent_id, generation, bead_id, input_tokens, output_tokens, cached_tokens, cost_usd, updated_at)
            VALUES (@AgentId, @Generation,
                    -- The bead this run was dispatched for, from its 'dispatched' event, when the caller does not know it.
                    COALESCE(@BeadId, (SELECT bead_id FROM bead_events
                                       WHERE agent_id = @AgentId AND type = 'dispatched' AND new_value = CAST(@Generation AS TEXT)
                                       ORDER BY id DESC LIMIT 1)),
                    @InputTokens, @OutputTokens, @CachedTokens, @CostUsd, @UpdatedAt)
            ON CONFLICT (agent_id, generation) DO UPDATE SET
                bead_id = COALESCE(excluded.bead_id, bead_id),
                input_tokens = input_tokens + excluded.input_tokens,
                output_tokens = output_tokens + excluded.output_tokens,
                cached_tokens = cached_tokens + excluded.cached_tokens,
                cost_usd = CASE WHEN cost_usd IS NULL AND excluded.cost_usd IS NULL THEN NULL
                                ELSE COALESCE(cost_usd, 0) + COALESCE(excluded.cost_usd, 0) END,
                updated_at = excluded.updated_at
            """, new
        {
            AgentId = Id(usage.AgentId), usage.Generation, BeadId = Id(usage.BeadId), usage.Usage.InputTokens, usage.Usage.OutputTokens,
            usage.Usage.CachedTokens, CostUsd = (double?)usage.Usage.CostUsd, UpdatedAt = Time(usage.At),
        }, transaction);

    public async Task<IReadOnlyDictionary<Guid, TokenUsage>> GetBeadUsageAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct)
    {
        if (beadIds.Count == 0) return new Dictionary<Guid, TokenUsage>();
        var rows = await connection.QueryAsync<UsageRow>("""
            SELECT bead_id AS BeadId, SUM(input_tokens) AS InputTokens, SUM(output_tokens) AS OutputTokens,
                   SUM(cached_tokens) AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage WHERE bead_id IN @ids GROUP BY bead_id
            """, new { ids = beadIds.Select(Id).ToArray() }, transaction);
        return rows.ToDictionary(row => ToId(row.BeadId),
            row => new TokenUsage(row.InputTokens, row.OutputTokens, row.CachedTokens, row.CostUsd is { } cost ? (decimal)cost : null));
    }

    public async Task<TokenUsage> GetUsageSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<UsageRow>("""
            SELECT '' AS BeadId, COALESCE(SUM(input_tokens), 0) AS InputTokens, COALESCE(SUM(output_tokens), 0) AS OutputTokens,
                   COALESCE(SUM(cached_tokens), 0) AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage INDEXED BY agent_usage_updated WHERE updated_at >= @since
            """, new { since = Time(since) }, transaction);
        return new TokenUsage(row.InputTokens, row.OutputTokens, row.CachedTokens, row.CostUsd is { } cost ? (decimal)cost : null);
    }

    // Settable properties, not a constructor: SQLite reports no column types for an empty aggregate result.
    private sealed class UsageRow
    {
        public string BeadId { get; set; } = "";
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long CachedTokens { get; set; }
        public double? CostUsd { get; set; }
    }
}
