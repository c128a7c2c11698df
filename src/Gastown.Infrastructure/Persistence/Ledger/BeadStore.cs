using Gastown.Domain.Beads;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>A store's beads and their events (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class BeadStore(LedgerSql sql) : IBeadStore
{
    // The queue, spelled exactly as the partial indexes beads_queued and beads_queued_by_priority (the listing's
    // order); on SQLite the probes name the index (INDEXED BY), so it fails loudly rather than silently scanning if
    // the two ever drift apart.
    // Held and blocked beads are not in the queue (decision 0025): the dispatch never reads them.
    public const string Queued =
        "status = 'open' AND type = 'issue' AND assignee_agent_id IS NULL AND escalated_at IS NULL AND hold = 0 AND open_blockers = 0";

    public Task InsertAsync(Bead bead, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO beads (/*store_id,*/ id, type, status, title, body, priority, assignee_agent_id, labels, metadata,
                               dispatch_attempts, last_dispatch_attempt_at, escalated_at, created_at, updated_at, closed_at,
                               last_error, next_attempt_at, review_rounds, paused_reason, rate_limited_until,
                               hold, open_blockers, convoy_id)
            VALUES (/*@store,*/ @Id, @Type, @Status, @Title, @Body, @Priority, @AssigneeAgentId, @Labels, @Metadata,
                    @DispatchAttempts, @LastDispatchAttemptAt, @EscalatedAt, @CreatedAt, @UpdatedAt, @ClosedAt,
                    @LastError, @NextAttemptAt, @ReviewRounds, @PausedReason, @RateLimitedUntil,
                    @Hold, @OpenBlockers, @ConvoyId)
            """, BeadRow.From(bead), ct);

    public Task UpdateAsync(Bead bead, CancellationToken ct) =>
        sql.ExecuteAsync("""
            UPDATE beads SET type = @Type, status = @Status, title = @Title, body = @Body, priority = @Priority,
                assignee_agent_id = @AssigneeAgentId, labels = @Labels, metadata = @Metadata,
                dispatch_attempts = @DispatchAttempts, last_dispatch_attempt_at = @LastDispatchAttemptAt,
                escalated_at = @EscalatedAt, updated_at = @UpdatedAt, closed_at = @ClosedAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt, review_rounds = @ReviewRounds,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil,
                closure_pending = CASE
                    WHEN @Status = 'closed' AND status <> 'closed' THEN 1
                    WHEN convoy_id IS NOT NULL AND ((@Status = 'cancelled' AND status <> 'cancelled')
                                                    OR ((CAST(@EscalatedAt AS BIGINT) IS NULL) <> (escalated_at IS NULL))) THEN 1
                    ELSE closure_pending END
            WHERE /*store_id = @store AND*/ id = @Id
            """, BeadRow.From(bead), ct);

    // Hold, blockers and convoy are never written by UpdateAsync: each has its own statement, so an update built from
    // a bead read earlier cannot undo them. Closing a bead (any path), and cancelling, escalating or un-escalating a
    // convoy's bead, marks it (closure_pending) for the tick's dependency phase, in the same statement.

    public Task SetHoldAsync(Guid beadId, BeadHold hold, CancellationToken ct) =>
        sql.ExecuteAsync("UPDATE beads SET hold = @hold WHERE /*store_id = @store AND*/ id = @beadId",
            new { beadId = Id(beadId), hold = (long)hold }, ct);

    public Task SetOpenBlockersAsync(Guid beadId, int count, CancellationToken ct) =>
        sql.ExecuteAsync("UPDATE beads SET open_blockers = @count WHERE /*store_id = @store AND*/ id = @beadId",
            new { beadId = Id(beadId), count = (long)count }, ct);

    public Task SetConvoyAsync(Guid beadId, Guid? convoyId, CancellationToken ct) =>
        sql.ExecuteAsync("UPDATE beads SET convoy_id = @convoyId WHERE /*store_id = @store AND*/ id = @beadId",
            new { beadId = Id(beadId), convoyId = Id(convoyId) }, ct);

    public async Task<IReadOnlyList<Guid>> ListClosuresPendingAsync(int limit, CancellationToken ct) =>
        [.. (await sql.QueryAsync<string>(
            "SELECT id FROM beads INDEXED BY beads_closure_pending WHERE /*store_id = @store AND*/ closure_pending = 1 LIMIT @limit",
            new { limit }, ct)).Select(ToId)];

    public Task ClearClosurePendingAsync(Guid beadId, CancellationToken ct) =>
        sql.ExecuteAsync("UPDATE beads SET closure_pending = 0 WHERE /*store_id = @store AND*/ id = @beadId", new { beadId = Id(beadId) }, ct);

    public async Task<IReadOnlyList<Guid>> ListBlockersUnknownAsync(int limit, CancellationToken ct) =>
        [.. (await sql.QueryAsync<string>(
            "SELECT id FROM beads INDEXED BY beads_blockers_unknown WHERE /*store_id = @store AND*/ open_blockers < 0 LIMIT @limit",
            new { limit }, ct)).Select(ToId)];

    public async Task<IReadOnlyList<Bead>> ListByConvoyAsync(Guid convoyId, CancellationToken ct) =>
        [.. (await sql.QueryAsync<BeadRow>(
            $"SELECT {BeadRow.Columns} FROM beads WHERE /*store_id = @store AND*/ convoy_id = @convoyId ORDER BY created_at, id",
            new { convoyId = Id(convoyId) }, ct)).Select(row => row.ToDomain())];

    public async Task<Bead?> GetAsync(Guid beadId, CancellationToken ct) =>
        (await sql.FirstOrDefaultAsync<BeadRow>(
            $"SELECT {BeadRow.Columns} FROM beads WHERE /*store_id = @store AND*/ id = @beadId", new { beadId = Id(beadId) }, ct))?.ToDomain();

    public async Task<IReadOnlyList<Bead>> ListAsync(BeadFilter filter, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new Dictionary<string, object?> { ["limit"] = filter.Limit };
        if (filter.Statuses is { Count: > 0 } statuses)
        {
            where.Add("status IN @statuses");
            parameters["statuses"] = statuses.Select(status => status.ToText()).ToArray();
        }
        if (filter.Type is { } type)
        {
            where.Add("type = @type");
            parameters["type"] = type.ToText();
        }
        if (filter.AssigneeAgentId is { } assignee)
        {
            where.Add("assignee_agent_id = @assignee");
            parameters["assignee"] = Id(assignee);
        }
        if (filter.After is { } after)
        {
            // Keyset paging: strictly older than the last row of the previous page.
            where.Add("(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))");
            parameters["afterAt"] = Time(after.CreatedAt);
            parameters["afterId"] = Id(after.Id);
        }
        var text = $"SELECT {BeadRow.Columns} FROM beads WHERE /*store_id = @store AND*/ "
                   + (where.Count > 0 ? string.Join(" AND ", where) : "1 = 1")
                   + " ORDER BY created_at DESC, id DESC LIMIT @limit";
        return [.. (await sql.QueryAsync<BeadRow>(text, parameters, ct)).Select(row => row.ToDomain())];
    }

    internal const string HasQueuedSql = $"SELECT EXISTS (SELECT 1 FROM beads INDEXED BY beads_queued WHERE /*store_id = @store AND*/ {Queued})";

    public async Task<bool> HasQueuedAsync(CancellationToken ct) => await sql.SingleAsync<bool>(HasQueuedSql, null, ct);

    public async Task<IReadOnlyList<Bead>> ListQueuedAsync(int limit, CancellationToken ct) =>
        [.. (await sql.QueryAsync<BeadRow>($"""
            SELECT {BeadRow.Columns} FROM beads INDEXED BY beads_queued_by_priority
            WHERE /*store_id = @store AND*/ {Queued}
            ORDER BY CASE priority WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END DESC, created_at, id
            LIMIT @limit
            """, new { limit }, ct)).Select(row => row.ToDomain())];

    public async Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken ct) =>
        (await sql.QueryAsync<(string Status, long Count)>(
            "SELECT status, COUNT(*) FROM beads WHERE /*store_id = @store AND*/ 1 = 1 GROUP BY status", null, ct))
        .ToDictionary(row => row.Status, row => (int)row.Count);

    public async Task DeleteAsync(Guid beadId, CancellationToken ct)
    {
        var args = new { beadId = Id(beadId) };
        await sql.ExecuteAsync("DELETE FROM bead_events WHERE /*store_id = @store AND*/ bead_id = @beadId", args, ct);
        await sql.ExecuteAsync("DELETE FROM review_queue WHERE /*store_id = @store AND*/ bead_id = @beadId", args, ct);
        await sql.ExecuteAsync("DELETE FROM beads WHERE /*store_id = @store AND*/ id = @beadId", args, ct);
    }

    public Task AppendEventAsync(BeadEvent beadEvent, CancellationToken ct) => AppendEventsAsync([beadEvent], ct);

    /// <summary>
    /// Several events in one multi-row INSERT (up to <see cref="EventsPerStatement"/> a statement): a statement's
    /// preparation (SQLite) or its round trip (PostgreSQL), not its rows, is what costs.
    /// </summary>
    public async Task AppendEventsAsync(IReadOnlyList<BeadEvent> events, CancellationToken ct)
    {
        for (var start = 0; start < events.Count; start += EventsPerStatement)
        {
            var rows = Math.Min(EventsPerStatement, events.Count - start);
            var parameters = new Dictionary<string, object?>(rows * EventColumns.Length);
            for (var row = 0; row < rows; row++)
            {
                var e = BeadEventRow.From(events[start + row]);
                var names = EventParameterNames[row];
                parameters[names[0]] = e.BeadId;
                parameters[names[1]] = e.AgentId;
                parameters[names[2]] = e.Type;
                parameters[names[3]] = e.OldValue;
                parameters[names[4]] = e.NewValue;
                parameters[names[5]] = e.Metadata;
                parameters[names[6]] = e.CreatedAt;
            }
            await sql.ExecuteAsync(EventInserts[rows], parameters, ct);
        }
    }

    private const int EventsPerStatement = 16;

    private static readonly string[] EventColumns = ["b", "a", "t", "o", "n", "m", "c"];

    private static readonly string[][] EventParameterNames =
        [.. Enumerable.Range(0, EventsPerStatement).Select(row => EventColumns.Select(name => $"{name}{row}").ToArray())];

    private static readonly string[] EventInserts =
        [.. Enumerable.Range(0, EventsPerStatement + 1).Select(rows =>
            "INSERT INTO bead_events (/*store_id,*/ bead_id, agent_id, type, old_value, new_value, metadata, created_at) VALUES "
            + string.Join(", ", Enumerable.Range(0, rows).Select(row =>
                $"(/*@store,*/ {string.Join(", ", EventParameterNames[row].Select(name => "@" + name))})")))];

    public async Task<IReadOnlyList<BeadEvent>> ListEventsAsync(Guid beadId, CancellationToken ct) =>
        [.. (await sql.QueryAsync<BeadEventRow>(
            $"SELECT {BeadEventRow.Columns} FROM bead_events WHERE /*store_id = @store AND*/ bead_id = @beadId ORDER BY id",
            new { beadId = Id(beadId) }, ct)).Select(row => row.ToDomain())];

    public async Task<IReadOnlyList<BeadEvent>> ListRecentEventsAsync(DateTimeOffset? since, int limit, CancellationToken ct) =>
        [.. (await sql.QueryAsync<BeadEventRow>($"""
            SELECT {BeadEventRow.Columns} FROM bead_events
            WHERE /*store_id = @store AND*/ (CAST(@since AS BIGINT) IS NULL OR created_at >= @since)
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """, new { since = Time(since), limit }, ct)).Select(row => row.ToDomain())];
}
