using Ardalis.Result;
using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Tests.Support;

namespace Gastown.Application.Tests.Beads;

/// <summary>Many rigs of one town slinging at once: every polecat gets a name, and names stay unique in the town.</summary>
public abstract class ConcurrentSlingTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Concurrent_slings_across_rigs_of_a_town_all_get_unique_polecat_names()
    {
        var (owner, town, first) = await _app.CreateUserWithRigAsync();
        var rigs = new List<Guid> { first.Id };
        for (var i = 1; i < 8; i++)
        {
            var rig = await _app.SendAsync(owner, new CreateRigCommand(town.Id, $"rig-{i}", "https://example.com/repo.git", null));
            rigs.Add(rig.Value.Id);
        }

        var slings = await Task.WhenAll(rigs.SelectMany(rig => Enumerable.Range(0, 5).Select(n =>
            Task.Run(() => _app.SendAsync(owner, new SlingBeadCommand(rig, $"Task {n}", null, null))))));

        slings.ShouldAllBe(result => result.Status == ResultStatus.Created);
        var names = new List<string>();
        foreach (var rig in rigs) names.AddRange((await _app.SendAsync(owner, new ListAgentsQuery(rig))).Value.Select(agent => agent.Name));
        names.Count.ShouldBe(40);
        names.Distinct().Count().ShouldBe(40);
    }
}

public sealed class SqliteConcurrentSlingTests() : ConcurrentSlingTests(TestStorage.Sqlite);

public sealed class PostgresConcurrentSlingTests(PostgresFixture postgres) : ConcurrentSlingTests(TestStorage.Postgres(postgres));
