using Gastown.Domain.Towns;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>The mayor's replies in a town HQ store (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class MayorReplies(LedgerSql sql) : IMayorReplies
{
    public Task InsertAsync(MayorReply reply, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO mayor_replies (/*store_id,*/ id, mayor_agent_id, body, in_reply_to, created_at)
            VALUES (/*@store,*/ @Id, @MayorAgentId, @Body, @InReplyTo, @CreatedAt)
            """, MayorReplyRow.From(reply), ct);

    public async Task<IReadOnlyList<MayorReply>> ListAsync(int limit, CancellationToken ct) =>
        [.. (await sql.QueryAsync<MayorReplyRow>(
            $"SELECT {MayorReplyRow.Columns} FROM mayor_replies WHERE /*store_id = @store AND*/ 1 = 1 ORDER BY created_at DESC, id DESC LIMIT @limit",
            new { limit }, ct)).Select(row => row.ToDomain())];
}
