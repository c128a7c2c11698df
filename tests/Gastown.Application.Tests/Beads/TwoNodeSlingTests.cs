using Ardalis.Result;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Beads;

/// <summary>
/// Two nodes (two service providers: their own stores, in-process locks and caches) slinging to one rig at once. Only
/// the store's own lock (the row lock in PostgreSQL, the file's write lock in SQLite) keeps their read-then-write
/// transactions apart: every sling is a bead, no polecat is hooked twice, none of the writes is lost.
/// </summary>
public abstract class TwoNodeSlingTests(TestStorage storage) : IAsyncLifetime
{
    private const int Slings = 32;
    private const int Cap = 16;
    // A high cap: most slings make a polecat, so the racing read-then-writes (find a free polecat, count, create) are many.
    private static readonly Dictionary<string, string?> Settings = new() { ["Gastown:MaxPolecatsPerRig"] = $"{Cap}" };
    private readonly AppHarness _first = new(Settings, storage: storage);
    private AppHarness _second = null!;

    public ValueTask InitializeAsync()
    {
        _second = _first.SecondNode(Settings);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task Concurrent_slings_from_two_nodes_to_one_rig_never_interleave()
    {
        var (owner, _, rig) = await _first.CreateUserWithRigAsync();

        var slings = await Task.WhenAll(Enumerable.Range(0, Slings).Select(n =>
            Task.Run(() => (n % 2 == 0 ? _first : _second).SendAsync(owner, new SlingBeadCommand(rig.Id, $"Task {n}", null, null)))));

        slings.ShouldAllBe(result => result.Status == ResultStatus.Created);
        var (beads, agents) = await _second.ReadLedgerAsync(rig.Id, async ledger =>
            (await ledger.Beads.ListAsync(new(Limit: 100), AppHarness.Ct), await ledger.Agents.ListAsync(AppHarness.Ct)));
        beads.Count.ShouldBe(Slings);
        beads.Select(bead => bead.Title).ShouldBe(Enumerable.Range(0, Slings).Select(n => $"Task {n}"), ignoreOrder: true);
        var polecats = agents.Where(agent => agent.Role == AgentRole.Polecat).ToList();
        polecats.Count.ShouldBe(Cap, "the cap: the others wait in the queue");
        polecats.Select(agent => agent.Name).Distinct().Count().ShouldBe(polecats.Count);
        // Each polecat hooks exactly one bead, assigned back to it; the rest are queued, unassigned.
        var hooked = beads.Where(bead => bead.AssigneeAgentId is not null).ToList();
        hooked.Select(bead => bead.AssigneeAgentId).Distinct().Count().ShouldBe(hooked.Count);
        hooked.Count.ShouldBe(polecats.Count);
        foreach (var polecat in polecats)
            hooked.ShouldContain(bead => bead.Id == polecat.HookedBeadId && bead.AssigneeAgentId == polecat.Id);
        beads.Count(bead => bead.Status == BeadStatus.Open && bead.AssigneeAgentId is null).ShouldBe(Slings - polecats.Count);
        slings.Count(result => result.Value.Queued).ShouldBe(Slings - polecats.Count);
    }
}

public sealed class SqliteTwoNodeSlingTests() : TwoNodeSlingTests(TestStorage.Sqlite);

public sealed class PostgresTwoNodeSlingTests(PostgresFixture postgres) : TwoNodeSlingTests(TestStorage.Postgres(postgres));
