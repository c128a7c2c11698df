using System.Security.Cryptography;

namespace Gastown.Infrastructure.Streams;

/// <summary>
/// Stream tickets kept in memory: they live 60 seconds, so a restart losing them costs a user one click. At most
/// <see cref="MaxLiveTickets"/> are kept; expired ones are swept when a new one is issued.
/// </summary>
internal sealed class InMemoryStreamTickets(TimeProvider clock) : IStreamTickets
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);
    public const int MaxLiveTickets = 10_000;

    private readonly ConcurrentDictionary<string, StreamTicket> _tickets = new(StringComparer.Ordinal);

    public StreamTicket Issue(Guid townId, Guid agentId, Guid userId)
    {
        var now = clock.GetUtcNow();
        if (_tickets.Count >= MaxLiveTickets) Sweep(now);
        if (_tickets.Count >= MaxLiveTickets)
            foreach (var oldest in _tickets.Values.OrderBy(t => t.ExpiresAt).Take(_tickets.Count - MaxLiveTickets + 1))
                _tickets.TryRemove(oldest.Value, out _);

        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var ticket = new StreamTicket(value, townId, agentId, userId, now + Lifetime);
        _tickets[value] = ticket;
        return ticket;
    }

    public StreamTicket? Redeem(string value) =>
        _tickets.TryRemove(value, out var ticket) && ticket.ExpiresAt > clock.GetUtcNow() ? ticket : null;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (value, ticket) in _tickets)
            if (ticket.ExpiresAt <= now) _tickets.TryRemove(value, out _);
    }
}
