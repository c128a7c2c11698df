using Ardalis.Result;
using Gastown.Application.Agents.GetAgentStreamUrl;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Streams;

public sealed class GetAgentStreamUrlTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IStreamTickets Tickets => _app.Services.GetRequiredService<IStreamTickets>();

    [Fact]
    public async Task Answers_a_ws_address_on_the_public_host_with_a_ticket_good_once()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var (url, ticket, expiresAt) = result.Value;
        var address = new Uri(url);
        address.Scheme.ShouldBe("ws");
        address.Host.ShouldBe("127.0.0.1");
        address.Port.ShouldBe(1);
        address.AbsolutePath.ShouldBe($"/api/towns/{polecat.Town.Id}/agents/{polecat.Agent.Id}/stream");
        address.Query.ShouldBe($"?ticket={Uri.EscapeDataString(ticket)}");
        ticket.Length.ShouldBeGreaterThanOrEqualTo(43); // 256 random bits
        expiresAt.ShouldBeInRange(before.AddSeconds(55), _app.Clock.GetUtcNow().AddSeconds(65));

        var redeemed = Tickets.Redeem(ticket).ShouldNotBeNull();
        redeemed.TownId.ShouldBe(polecat.Town.Id);
        redeemed.AgentId.ShouldBe(polecat.Agent.Id);
        redeemed.UserId.ShouldBe(polecat.Owner.UserId!.Value);
        Tickets.Redeem(ticket).ShouldBeNull();
    }

    [Fact]
    public async Task Each_call_issues_a_new_ticket()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var first = (await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id))).Value;
        var second = (await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id))).Value;

        second.Ticket.ShouldNotBe(first.Ticket);
        Tickets.Redeem(first.Ticket).ShouldNotBeNull();
        Tickets.Redeem(second.Ticket).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_mayor_can_be_watched_too()
    {
        var mayor = await _app.CreateTownWithMayorAsync();

        var result = await _app.SendAsync(mayor.Owner, new GetAgentStreamUrlQuery(mayor.Town.Id, mayor.Mayor.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        Tickets.Redeem(result.Value.Ticket).ShouldNotBeNull().AgentId.ShouldBe(mayor.Mayor.Id);
    }

    [Fact]
    public async Task An_agent_of_another_town_or_an_unknown_agent_is_not_found()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        // The same owner's other town: the agent exists, but not there.
        var otherTown = await _app.CreateTownAsync(polecat.Owner);

        var elsewhere = await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(otherTown.Id, polecat.Agent.Id));
        var unknown = await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(polecat.Town.Id, Guid.NewGuid()));

        elsewhere.ShouldHaveStatus(ResultStatus.NotFound);
        unknown.ShouldHaveStatus(ResultStatus.NotFound);
        elsewhere.Errors.ShouldBe(unknown.Errors);
    }

    [Fact]
    public async Task Another_users_town_is_not_found()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var stranger = await _app.CreateUserAsync();
        var strangersTown = await _app.CreateTownAsync(stranger);

        (await _app.SendAsync(stranger, new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.NotFound);
        // Nor through a town of their own.
        (await _app.SendAsync(stranger, new GetAgentStreamUrlQuery(strangersTown.Id, polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Needs_a_signed_in_user_not_an_agent()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        (await _app.SendAsync(Actor.Anonymous, new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAsync(polecat.Session(), new GetAgentStreamUrlQuery(polecat.Town.Id, polecat.Agent.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Fact]
    public async Task Refuses_the_empty_agent_id()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        (await _app.SendAsync(polecat.Owner, new GetAgentStreamUrlQuery(polecat.Town.Id, Guid.Empty))).ShouldBeInvalidOn("agentId");
    }
}
