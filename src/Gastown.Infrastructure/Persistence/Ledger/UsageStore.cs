using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>Token usage per agent run (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class UsageStore(LedgerSql sql) : IUsageStore
{
    public Task AddAsync(AgentRunUsage usage, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO agent_usage (/*store_id,*/ agent_id, generation, bead_id, input_tokens, output_tokens, cached_tokens, cost_usd, updated_at)
            VALUES (/*@store,*/ @AgentId, @Generation,
                    -- The bead this run was dispatched for, from its 'dispatched' event, when the caller does not know it.
                    COALESCE(CAST(@BeadId AS TEXT), (SELECT bead_id FROM bead_events
                                                     WHERE /*store_id = @store AND*/ agent_id = @AgentId AND type = 'dispatched'
                                                       AND new_value = CAST(@Generation AS TEXT)
                                                     ORDER BY id DESC LIMIT 1)),
                    @InputTokens, @OutputTokens, @CachedTokens, @CostUsd, @UpdatedAt)
            ON CONFLICT (/*store_id,*/ agent_id, generation) DO UPDATE SET
                bead_id = COALESCE(excluded.bead_id, agent_usage.bead_id),
                input_tokens = agent_usage.input_tokens + excluded.input_tokens,
                output_tokens = agent_usage.output_tokens + excluded.output_tokens,
                cached_tokens = agent_usage.cached_tokens + excluded.cached_tokens,
                cost_usd = CASE WHEN agent_usage.cost_usd IS NULL AND excluded.cost_usd IS NULL THEN NULL
                                ELSE COALESCE(agent_usage.cost_usd, 0) + COALESCE(excluded.cost_usd, 0) END,
                updated_at = excluded.updated_at
            """, new
        {
            AgentId = Id(usage.AgentId), usage.Generation, BeadId = Id(usage.BeadId), usage.Usage.InputTokens, usage.Usage.OutputTokens,
            usage.Usage.CachedTokens, CostUsd = (double?)usage.Usage.CostUsd, UpdatedAt = Time(usage.At),
        }, ct);

    public async Task<IReadOnlyDictionary<Guid, TokenUsage>> GetPerBeadAsync(IReadOnlyCollection<Guid> beadIds, CancellationToken ct)
    {
        if (beadIds.Count == 0) return new Dictionary<Guid, TokenUsage>();
        // SUM of a bigint is numeric in PostgreSQL: cast back, so the row has one type on both.
        var rows = await sql.QueryAsync<UsageRow>("""
            SELECT bead_id AS BeadId, CAST(SUM(input_tokens) AS BIGINT) AS InputTokens, CAST(SUM(output_tokens) AS BIGINT) AS OutputTokens,
                   CAST(SUM(cached_tokens) AS BIGINT) AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage WHERE /*store_id = @store AND*/ bead_id IN @ids GROUP BY bead_id
            """, new { ids = beadIds.Select(Id).ToArray() }, ct);
        return rows.ToDictionary(row => ToId(row.BeadId), row => row.ToUsage());
    }

    public async Task<TokenUsage> GetSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        (await sql.SingleAsync<UsageRow>("""
            SELECT '' AS BeadId, CAST(COALESCE(SUM(input_tokens), 0) AS BIGINT) AS InputTokens,
                   CAST(COALESCE(SUM(output_tokens), 0) AS BIGINT) AS OutputTokens,
                   CAST(COALESCE(SUM(cached_tokens), 0) AS BIGINT) AS CachedTokens, SUM(cost_usd) AS CostUsd
            FROM agent_usage INDEXED BY agent_usage_updated WHERE /*store_id = @store AND*/ updated_at >= @since
            """, new { since = Time(since) }, ct)).ToUsage();

    // Settable properties, not a constructor: SQLite reports no column types for an empty aggregate result.
    private sealed class UsageRow
    {
        public string BeadId { get; set; } = "";
        public long InputTokens { get; set; }
        public long OutputTokens { get; set; }
        public long CachedTokens { get; set; }
        public double? CostUsd { get; set; }

        public TokenUsage ToUsage() => new(InputTokens, OutputTokens, CachedTokens, CostUsd is { } cost ? (decimal)cost : null);
    }
}
