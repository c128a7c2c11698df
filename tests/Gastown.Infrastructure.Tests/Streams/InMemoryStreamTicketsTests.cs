using Gastown.Infrastructure.Streams;
using Microsoft.Extensions.Time.Testing;

namespace Gastown.Infrastructure.Tests.Streams;

public sealed class InMemoryStreamTicketsTests
{
    private static readonly (Guid Town, Guid Agent, Guid User) Binding = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_ticket_is_random_bound_and_good_exactly_once()
    {
        var tickets = new InMemoryStreamTickets(_clock);
        var ticket = tickets.Issue(Binding.Town, Binding.Agent, Binding.User);

        Convert.FromBase64String(ticket.Value.Replace('-', '+').Replace('_', '/') + "=").Length.ShouldBe(32);
        ticket.ExpiresAt.ShouldBe(_clock.GetUtcNow() + TimeSpan.FromSeconds(60));
        tickets.Issue(Binding.Town, Binding.Agent, Binding.User).Value.ShouldNotBe(ticket.Value);

        var redeemed = tickets.Redeem(ticket.Value).ShouldNotBeNull();
        (redeemed.TownId, redeemed.AgentId, redeemed.UserId).ShouldBe(Binding);
        tickets.Redeem(ticket.Value).ShouldBeNull();
        tickets.Redeem("never-issued").ShouldBeNull();
    }

    [Fact]
    public void A_ticket_expires_after_sixty_seconds()
    {
        var tickets = new InMemoryStreamTickets(_clock);
        var fresh = tickets.Issue(Binding.Town, Binding.Agent, Binding.User);
        var stale = tickets.Issue(Binding.Town, Binding.Agent, Binding.User);

        _clock.Advance(TimeSpan.FromSeconds(59));
        tickets.Redeem(fresh.Value).ShouldNotBeNull();

        _clock.Advance(TimeSpan.FromSeconds(1));
        tickets.Redeem(stale.Value).ShouldBeNull();
    }

    [Fact]
    public void The_number_of_live_tickets_is_bounded()
    {
        var tickets = new InMemoryStreamTickets(_clock);
        var first = tickets.Issue(Binding.Town, Binding.Agent, Binding.User);
        for (var i = 0; i < InMemoryStreamTickets.MaxLiveTickets; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(1));
            tickets.Issue(Binding.Town, Binding.Agent, Binding.User);
        }

        // The oldest made room; the newest still works.
        tickets.Redeem(first.Value).ShouldBeNull();
        tickets.Redeem(tickets.Issue(Binding.Town, Binding.Agent, Binding.User).Value).ShouldNotBeNull();
    }
}
