using Gastown.Domain.Reviews;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>A rig's review queue (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class ReviewQueue(LedgerSql sql) : IReviewQueue
{
    public Task InsertAsync(ReviewEntry entry, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO review_queue (/*store_id,*/ id, agent_id, bead_id, branch, summary, status, attempts, merge_commit, message,
                                      created_at, updated_at, gates, base_commit, feedback, branch_deleted_at, node_id)
            VALUES (/*@store,*/ @Id, @AgentId, @BeadId, @Branch, @Summary, @Status, @Attempts, @MergeCommit, @Message,
                    @CreatedAt, @UpdatedAt, @Gates, @BaseCommit, @Feedback, @BranchDeletedAt, @NodeId)
            """, ReviewRow.From(entry), ct);

    public Task UpdateAsync(ReviewEntry entry, CancellationToken ct) =>
        sql.ExecuteAsync("""
            UPDATE review_queue SET status = @Status, attempts = @Attempts, merge_commit = @MergeCommit, message = @Message,
                gates = @Gates, base_commit = @BaseCommit, feedback = @Feedback, branch_deleted_at = @BranchDeletedAt,
                updated_at = @UpdatedAt
            WHERE /*store_id = @store AND*/ id = @Id
            """, ReviewRow.From(entry), ct);

    public async Task<ReviewEntry?> GetAsync(Guid entryId, CancellationToken ct) =>
        (await sql.FirstOrDefaultAsync<ReviewRow>(
            $"SELECT {ReviewRow.Columns} FROM review_queue WHERE /*store_id = @store AND*/ id = @entryId", new { entryId = Id(entryId) }, ct))
        ?.ToDomain();

    public async Task<IReadOnlyList<ReviewEntry>> ListAsync(ReviewStatus? status, CancellationToken ct) =>
        [.. (await sql.QueryAsync<ReviewRow>($"""
            SELECT {ReviewRow.Columns} FROM review_queue
            WHERE /*store_id = @store AND*/ (CAST(@status AS TEXT) IS NULL OR status = @status) ORDER BY created_at, id
            """, new { status = status?.ToText() }, ct)).Select(row => row.ToDomain())];
}
