using System.Xml.Linq;
using Gastown.Application.Common.Security;
using Gastown.Infrastructure.Cluster;
using Gastown.Infrastructure.Persistence.Postgres;
using Gastown.Infrastructure.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Gastown.Infrastructure.Tests.Cluster;

/// <summary>
/// What the nodes of a cluster share through PostgreSQL (decision 0016): each "node" here has its own data source, as
/// separate processes would, on one real database.
/// </summary>
public sealed class SharedClusterStateTests(PostgresFixture postgres) : IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly List<NpgsqlDataSource> _dataSources = [];
    private string? _database;

    private async Task<NpgsqlDataSource> NodeAsync()
    {
        if (_database is null)
        {
            _database = await postgres.CreateDatabaseAsync("cluster");
            await using var migrating = NpgsqlDataSource.Create(_database);
            await PostgresMigrator.MigrateAsync(migrating, Ct);
        }
        var dataSource = NpgsqlDataSource.Create(_database);
        _dataSources.Add(dataSource);
        return dataSource;
    }

    [Fact]
    public async Task A_ticket_issued_on_one_node_is_redeemed_once_on_another_and_refused_after()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var nodeA = new PostgresStreamTickets(await NodeAsync(), clock);
        var nodeB = new PostgresStreamTickets(await NodeAsync(), clock);
        var nodeC = new PostgresStreamTickets(await NodeAsync(), clock);
        var (town, agent, user) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var ticket = nodeA.Issue(town, agent, user);
        var redeemed = nodeB.Redeem(ticket.Value);

        redeemed.ShouldNotBeNull();
        (redeemed.TownId, redeemed.AgentId, redeemed.UserId).ShouldBe((town, agent, user));
        nodeC.Redeem(ticket.Value).ShouldBeNull();
        nodeA.Redeem(ticket.Value).ShouldBeNull();
        nodeB.Redeem("not-a-ticket").ShouldBeNull();
    }

    [Fact]
    public async Task Nodes_racing_for_one_ticket_let_exactly_one_win()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var issuer = new PostgresStreamTickets(await NodeAsync(), clock);
        var nodes = new List<PostgresStreamTickets>();
        for (var i = 0; i < 4; i++) nodes.Add(new PostgresStreamTickets(await NodeAsync(), clock));

        for (var round = 0; round < 5; round++)
        {
            var ticket = issuer.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            var results = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.Redeem(ticket.Value), Ct)));
            results.Count(result => result is not null).ShouldBe(1);
        }
    }

    [Fact]
    public async Task An_expired_ticket_is_refused_everywhere()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var nodeA = new PostgresStreamTickets(await NodeAsync(), clock);
        var nodeB = new PostgresStreamTickets(await NodeAsync(), clock);
        var ticket = nodeA.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        clock.Advance(TimeSpan.FromSeconds(61));

        nodeB.Redeem(ticket.Value).ShouldBeNull();
    }

    [Fact]
    public async Task A_node_that_stops_heart_beating_is_dead_after_the_missed_intervals()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new ClusterOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), MissedHeartbeats = 3 });
        var nodeA = new PostgresClusterNodes(await NodeAsync(), "node-a", options, clock);
        var nodeB = new PostgresClusterNodes(await NodeAsync(), "node-b", options, clock);

        await nodeA.HeartbeatAsync(new Uri("http://127.0.0.1:1001/"), Ct);
        await nodeB.HeartbeatAsync(new Uri("http://127.0.0.1:1002/"), Ct);
        (await nodeB.ListAsync(Ct)).Select(node => (node.Id, node.IsAlive)).ShouldBe([("node-a", true), ("node-b", true)]);

        // A keeps beating, B goes silent: after three intervals (plus one beat) B is dead, as A sees it.
        for (var beat = 0; beat < 4; beat++)
        {
            clock.Advance(options.Value.HeartbeatInterval);
            await nodeA.HeartbeatAsync(new Uri("http://127.0.0.1:1001/"), Ct);
        }
        var seen = await nodeA.ListAsync(Ct);
        seen.Single(node => node.Id == "node-a").IsAlive.ShouldBeTrue();
        seen.Single(node => node.Id == "node-b").IsAlive.ShouldBeFalse();
        seen.Single(node => node.Id == "node-b").InternalUrl.ShouldBe(new Uri("http://127.0.0.1:1002/"));

        // Its agents are then located on a dead node: their status calls answer NotFound (lost, not crashed).
        var placements = new PostgresAgentPlacements(await NodeAsync(), clock);
        var agentOnB = Guid.NewGuid();
        await placements.RecordAsync(agentOnB, "node-b", 3, Ct);
        var locator = new AgentLocator(placements, nodeA, options, clock);
        var location = await locator.LocateAsync(agentOnB, Ct);
        location.NodeDead.ShouldBeTrue();
        location.IsLocal.ShouldBeFalse();
        location.Generation.ShouldBe(3);

        // B comes back: its agents are reachable again.
        await nodeB.HeartbeatAsync(new Uri("http://127.0.0.1:1002/"), Ct);
        (await locator.LocateAsync(agentOnB, Ct)).RemoteUrl.ShouldBe(new Uri("http://127.0.0.1:1002/"));
        (await locator.LocateAsync(Guid.NewGuid(), Ct)).IsLocal.ShouldBeTrue();
    }

    [Fact]
    public async Task An_agent_token_minted_on_one_node_is_valid_on_another()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var nodeA = await NodeAsync();
        var nodeB = await NodeAsync();
        var tokensA = new JwtAgentTokens(() => PostgresSigningKey.LoadOrCreate(nodeA), clock);
        var tokensB = new JwtAgentTokens(() => PostgresSigningKey.LoadOrCreate(nodeB), clock);
        var claims = new AgentClaims(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 7);

        (await tokensB.ValidateAsync(tokensA.Issue(claims))).ShouldBe(claims);
        (await tokensA.ValidateAsync(tokensB.Issue(claims))).ShouldBe(claims);
    }

    [Fact]
    public async Task The_data_protection_key_ring_is_shared()
    {
        var nodeA = new PostgresXmlRepository(await NodeAsync());
        var nodeB = new PostgresXmlRepository(await NodeAsync());
        var key = new XElement("key", new XAttribute("id", Guid.NewGuid()), new XElement("secret", "kept in the database"));

        nodeA.StoreElement(key, "key-1");

        var seen = nodeB.GetAllElements().ShouldHaveSingleItem();
        seen.ToString().ShouldBe(key.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources) await dataSource.DisposeAsync();
        if (_database is not null) await postgres.DropDatabaseAsync(_database);
    }
}
