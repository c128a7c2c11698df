using System.Security.Cryptography;
using Gastown.Infrastructure.Streams;
using Npgsql;

namespace Gastown.Infrastructure.Cluster;

/// <summary>
/// Stream tickets shared by every node: issued on any, redeemable once on any. Redeeming is one
/// <c>DELETE … RETURNING</c>, so of two nodes redeeming the same ticket at once exactly one gets it. Only the
/// ticket's SHA-256 is stored; expired tickets are swept as new ones are issued. Synchronous, as the port is.
/// </summary>
internal sealed class PostgresStreamTickets(NpgsqlDataSource database, TimeProvider clock) : IStreamTickets
{
    public StreamTicket Issue(Guid townId, Guid agentId, Guid userId)
    {
        var now = clock.GetUtcNow();
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var ticket = new StreamTicket(value, townId, agentId, userId, now + InMemoryStreamTickets.Lifetime);
        using var connection = database.OpenConnection();
        connection.Execute("""
            DELETE FROM stream_tickets WHERE expires_at <= @now;
            INSERT INTO stream_tickets (ticket_hash, town_id, agent_id, user_id, expires_at) VALUES (@hash, @townId, @agentId, @userId, @expiresAt);
            """, new { now = now.UtcDateTime, hash = Hash(value), townId, agentId, userId, expiresAt = ticket.ExpiresAt.UtcDateTime });
        return ticket;
    }

    public StreamTicket? Redeem(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 100) return null;
        using var connection = database.OpenConnection();
        var row = connection.QuerySingleOrDefault<Row>("""
            DELETE FROM stream_tickets WHERE ticket_hash = @hash
            RETURNING town_id AS TownId, agent_id AS AgentId, user_id AS UserId, expires_at AS ExpiresAt
            """, new { hash = Hash(value) });
        if (row is null) return null;
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc));
        return expiresAt > clock.GetUtcNow() ? new StreamTicket(value, row.TownId, row.AgentId, row.UserId, expiresAt) : null;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private sealed class Row
    {
        public Guid TownId { get; init; }
        public Guid AgentId { get; init; }
        public Guid UserId { get; init; }
        public DateTime ExpiresAt { get; init; }
    }
}
