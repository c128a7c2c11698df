using Gastown.Domain.Mail;
using static Gastown.Infrastructure.Persistence.DbValues;

namespace Gastown.Infrastructure.Persistence.Ledger;

/// <summary>Mail to a store's agents (<see cref="SqlDialect"/> for the marks in the SQL).</summary>
internal sealed class MailStore(LedgerSql sql) : IMailStore
{
    public Task InsertAsync(MailMessage mail, CancellationToken ct) =>
        sql.ExecuteAsync("""
            INSERT INTO mail (/*store_id,*/ id, from_address, to_agent_id, subject, body, delivered, delivered_at, created_at)
            VALUES (/*@store,*/ @Id, @FromAddress, @ToAgentId, @Subject, @Body, @Delivered, @DeliveredAt, @CreatedAt)
            """, MailRow.From(mail), ct);

    public async Task<IReadOnlyList<MailMessage>> ListUndeliveredAsync(Guid agentId, CancellationToken ct) =>
        [.. (await sql.QueryAsync<MailRow>(
            $"SELECT {MailRow.Columns} FROM mail WHERE /*store_id = @store AND*/ to_agent_id = @agentId AND delivered = 0 ORDER BY created_at, id",
            new { agentId = Id(agentId) }, ct)).Select(row => row.ToDomain())];

    public Task MarkDeliveredAsync(IReadOnlyList<Guid> mailIds, DateTimeOffset at, CancellationToken ct) =>
        mailIds.Count == 0
            ? Task.CompletedTask
            : sql.ExecuteAsync(
                "UPDATE mail SET delivered = 1, delivered_at = @at WHERE /*store_id = @store AND*/ id IN @ids AND delivered = 0",
                new { at = Time(at), ids = mailIds.Select(Id).ToArray() }, ct);

    public Task<bool> HasUndeliveredAsync(Guid agentId, string subject, CancellationToken ct) =>
        sql.SingleAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM mail WHERE /*store_id = @store AND*/ to_agent_id = @agentId AND subject = @subject AND delivered = 0)",
            new { agentId = Id(agentId), subject }, ct);
}
