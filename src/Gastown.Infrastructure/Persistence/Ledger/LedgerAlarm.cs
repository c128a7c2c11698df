using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>
/// The store's alarm due time, in its kv table. Arming is written at the commit (<see cref="SaveAsync"/>), as the last
/// statement of the transaction (in the same round trip as the pending writes on PostgreSQL), or before a read of it.
/// </summary>
internal sealed class LedgerAlarm(LedgerSql sql) : ILedgerAlarm
{
    // An alarm already due sooner (or overdue) stays, a later one is brought forward; the due time it leaves is the
    // one the scheduler is told after the commit.
    private const string ArmSql = $"""
        INSERT INTO kv (/*store_id,*/ key, value) VALUES (/*@store,*/ '{LedgerIdentityKv.AlarmDueAt}', @value)
        ON CONFLICT (/*store_id,*/ key) DO UPDATE SET value =
            CASE WHEN kv.value IS NOT NULL AND CAST(kv.value AS BIGINT) <= CAST(excluded.value AS BIGINT) THEN kv.value ELSE excluded.value END
        RETURNING value
        """;

    private DateTimeOffset? _armAt;

    /// <summary>Set when this transaction armed or replaced the alarm: what the scheduler is told after the commit.</summary>
    public DateTimeOffset? ToSchedule { get; private set; }

    /// <summary>
    /// Every arm of this transaction kept an earlier due time that another transaction wrote (and tells the scheduler
    /// itself after its commit).
    /// </summary>
    public bool KeptAnotherWritersTime { get; private set; }

    public Task ArmAsync(DateTimeOffset at, CancellationToken ct)
    {
        _armAt = _armAt is { } earlier && earlier <= at ? earlier : at;
        return Task.CompletedTask;
    }

    public async Task ReplaceAsync(DateTimeOffset? at, CancellationToken ct)
    {
        _armAt = null;
        KeptAnotherWritersTime = false;
        await sql.ExecuteAsync($"""
            INSERT INTO kv (/*store_id,*/ key, value) VALUES (/*@store,*/ '{LedgerIdentityKv.AlarmDueAt}', @value)
            ON CONFLICT (/*store_id,*/ key) DO UPDATE SET value = excluded.value
            """, new { value = at is { } due ? TimeText(due) : null }, ct);
        ToSchedule = at;
    }

    public async Task<DateTimeOffset?> GetAsync(CancellationToken ct)
    {
        await SaveAsync(ct);
        var text = await sql.FirstOrDefaultAsync<string?>(
            $"SELECT value FROM kv WHERE /*store_id = @store AND*/ key = '{LedgerIdentityKv.AlarmDueAt}'", null, ct);
        return text is null ? null : ParseTimeText(text);
    }

    /// <summary>Writes a pending arm (with the writes before it, in one round trip where they wait).</summary>
    public async Task SaveAsync(CancellationToken ct)
    {
        if (_armAt is not { } at) return;
        _armAt = null;
        var due = ParseTimeText(await sql.SingleAsync<string>(ArmSql, new { value = TimeText(at) }, ct));
        KeptAnotherWritersTime = (ToSchedule is null || KeptAnotherWritersTime) && due < at;
        ToSchedule = ToSchedule is { } pending && pending <= due ? pending : due;
    }
}
