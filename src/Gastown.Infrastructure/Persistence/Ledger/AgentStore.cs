using Gastown.Domain.Agents;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>A store's agents (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class AgentStore(LedgerSql sql) : IAgentStore
{
    public Task InsertAsync(Agent agent, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO agents (/*store_id,*/ id, role, name, identity, status, hooked_bead_id, generation, process_id, last_activity_at,
                                restart_count, checkpoint, created_at, updated_at, status_line, status_line_at, last_error, next_attempt_at,
                                paused_reason, rate_limited_until, node_id, cli_session_id, cli_session_bead_id, cli_session_branch)
            VALUES (/*@store,*/ @Id, @Role, @Name, @Identity, @Status, @HookedBeadId, @Generation, @ProcessId, @LastActivityAt,
                    @RestartCount, @Checkpoint, @CreatedAt, @UpdatedAt, @StatusLine, @StatusLineAt, @LastError, @NextAttemptAt,
                    @PausedReason, @RateLimitedUntil, @NodeId, @CliSessionId, @CliSessionBeadId, @CliSessionBranch)
            """, AgentRow.From(agent), ct);

    public Task UpdateAsync(Agent agent, CancellationToken ct) =>
        sql.ExecuteAsync("""
            UPDATE agents SET status = @Status, hooked_bead_id = @HookedBeadId, generation = @Generation,
                process_id = @ProcessId, last_activity_at = @LastActivityAt, restart_count = @RestartCount,
                checkpoint = @Checkpoint, updated_at = @UpdatedAt, status_line = @StatusLine, status_line_at = @StatusLineAt,
                last_error = @LastError, next_attempt_at = @NextAttemptAt,
                paused_reason = @PausedReason, rate_limited_until = @RateLimitedUntil, node_id = @NodeId,
                cli_session_id = @CliSessionId, cli_session_bead_id = @CliSessionBeadId, cli_session_branch = @CliSessionBranch
            WHERE /*store_id = @store AND*/ id = @Id
            """, AgentRow.From(agent), ct);

    public async Task<Agent?> GetAsync(Guid agentId, CancellationToken ct) =>
        (await sql.FirstOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE /*store_id = @store AND*/ id = @agentId", new { agentId = Id(agentId) }, ct))?.ToDomain();

    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken ct) =>
        [.. (await sql.QueryAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE /*store_id = @store AND*/ 1 = 1 ORDER BY created_at, id", null, ct))
            .Select(row => row.ToDomain())];

    public async Task<Agent?> FindByRoleAsync(AgentRole role, CancellationToken ct) =>
        (await sql.FirstOrDefaultAsync<AgentRow>(
            $"SELECT {AgentRow.Columns} FROM agents WHERE /*store_id = @store AND*/ role = @role AND status <> 'dead' ORDER BY created_at LIMIT 1",
            new { role = role.ToText() }, ct))?.ToDomain();

    private const string FreePolecat = $"""
        SELECT {AgentRow.Columns} FROM agents
        WHERE /*store_id = @store AND*/ role = 'polecat' AND status = 'idle' AND hooked_bead_id IS NULL
        ORDER BY updated_at, id LIMIT 1
        """;

    public async Task<Agent?> FindFreePolecatAsync(CancellationToken ct) =>
        (await sql.FirstOrDefaultAsync<AgentRow>(FreePolecat, null, ct))?.ToDomain();

    public async Task<(bool Queued, Agent? Free)> FindQueueAndFreePolecatAsync(CancellationToken ct)
    {
        var (queued, free) = await sql.QueryTwoAsync<bool, AgentRow>(BeadStore.HasQueuedSql, FreePolecat, null, ct);
        return (queued, free is [var row, ..] ? row.ToDomain() : null);
    }

    public Task<int> CountLivePolecatsAsync(CancellationToken ct) =>
        sql.SingleAsync<int>("SELECT COUNT(*) FROM agents WHERE /*store_id = @store AND*/ role = 'polecat' AND status <> 'dead'", null, ct);

    public async Task DeleteAsync(Guid agentId, CancellationToken ct)
    {
        var args = new { agentId = Id(agentId) };
        await sql.ExecuteAsync("DELETE FROM mail WHERE /*store_id = @store AND*/ to_agent_id = @agentId", args, ct);
        await sql.ExecuteAsync("DELETE FROM agents WHERE /*store_id = @store AND*/ id = @agentId", args, ct);
    }
}
