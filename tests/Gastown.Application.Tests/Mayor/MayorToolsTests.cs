using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.MayorApi.ListRigAgents;
using Gastown.Application.MayorApi.ListRigBeads;
using Gastown.Application.MayorApi.ListTownRigs;
using Gastown.Application.MayorApi.MayorReply;
using Gastown.Application.MayorApi.MayorSling;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;
using Gastown.Domain.Beads;
using Mediator;

namespace Gastown.Application.Tests.Mayor;

/// <summary>The mayor's town tools: only the mayor, and only rigs of its own town.</summary>
public abstract class MayorToolsTests(TestStorage storage) : IAsyncLifetime
{
    public static readonly TheoryData<string> Tools = ["list-rigs", "list-beads", "list-agents", "sling", "reply"];

    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static IMessage Call(string tool, Guid agentId, Guid rigId) => tool switch
    {
        "list-rigs" => new ListTownRigsQuery(agentId),
        "list-beads" => new ListRigBeadsQuery(agentId, rigId),
        "list-agents" => new ListRigAgentsQuery(agentId, rigId),
        "sling" => new MayorSlingCommand(agentId, rigId, "Write the docs", null, null),
        "reply" => new MayorReplyCommand(agentId, "Noted.", null),
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, null),
    };

    [Fact]
    public async Task Lists_the_rigs_of_its_own_town_oldest_first()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var web = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id, "web");
        var api = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id, "api");
        var elsewhere = await _app.CreateTownAsync(mayor.Owner);
        await _app.CreateRigAsync(mayor.Owner, elsewhere.Id, "not-mine");

        var result = await _app.SendAsync(mayor.Session(), new ListTownRigsQuery(mayor.Mayor.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.ShouldBe([web, api]);
    }

    [Fact]
    public async Task Slings_into_a_rig_of_its_town_as_the_mayor()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id, "web");
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(mayor.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, "Write the docs", "All of them.", "anthropic/claude"));

        result.ShouldHaveStatus(ResultStatus.Created);
        var (bead, agent, queued) = result.Value;
        queued.ShouldBeFalse();
        bead.Type.ShouldBe(BeadType.Issue.ToText());
        bead.Title.ShouldBe("Write the docs");
        bead.Body.ShouldBe("All of them.");
        bead.Metadata["slung_by"].ShouldBe($"mayor:{mayor.Mayor.Id}");
        bead.Metadata["model"].ShouldBe("anthropic/claude");
        agent.ShouldNotBeNull().Role.ShouldBe(AgentRole.Polecat.ToText());
        agent.Identity.ShouldBe("web/polecats/Toast");
        bead.AssigneeAgentId.ShouldBe(agent.Id);

        // In the rig's store, with the rig's alarm due now.
        var (stored, alarm) = await _app.ReadLedgerAsync(rig.Id, async ledger => (
            await ledger.Beads.GetAsync(bead.Id, AppHarness.Ct), await ledger.Alarm.GetAsync(AppHarness.Ct)));
        stored.ShouldNotBeNull().Metadata["slung_by"].ShouldBe($"mayor:{mayor.Mayor.Id}");
        stored.Status.ShouldBe(BeadStatus.InProgress);
        alarm.ShouldNotBeNull().ShouldBeInRange(before.AddSeconds(-1), _app.Clock.GetUtcNow().AddSeconds(1));

        // And the mayor sees it through its other tools.
        (await _app.SendAsync(mayor.Session(), new ListRigBeadsQuery(mayor.Mayor.Id, rig.Id))).Value.Items.Select(b => b.Id).ShouldBe([bead.Id]);
        (await _app.SendAsync(mayor.Session(), new ListRigAgentsQuery(mayor.Mayor.Id, rig.Id))).Value.Select(a => a.Id).ShouldBe([agent.Id]);
    }

    [Fact]
    public async Task Refuses_an_empty_or_too_long_title_a_body_or_model_too_long()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);

        (await _app.SendAsync(mayor.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, "", null, null))).ShouldBeInvalidOn("title");
        (await _app.SendAsync(mayor.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, new string('t', Bead.MaxTitleLength + 1), null, null)))
            .ShouldBeInvalidOn("title");
        (await _app.SendAsync(mayor.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, "ok", new string('b', Bead.MaxBodyLength + 1), null)))
            .ShouldBeInvalidOn("body");
        (await _app.SendAsync(mayor.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, "ok", null, new string('m', 201))))
            .ShouldBeInvalidOn("model");

        (await _app.ReadLedgerAsync(rig.Id, ledger => ledger.Beads.ListAsync(new(), AppHarness.Ct))).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_polecat_is_not_the_mayor(string tool)
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);
        var polecat = await _app.SlingAsync(mayor.Owner, mayor.Town, rig);
        var before = await _app.SnapshotAsync(rig.Id);

        (await _app.SendAnyAsync(polecat.Session(), Call(tool, polecat.Agent.Id, rig.Id))).ShouldHaveStatus(ResultStatus.Forbidden);
        // Nor may it borrow the mayor's id.
        (await _app.SendAnyAsync(polecat.Session(), Call(tool, mayor.Mayor.Id, rig.Id))).ShouldHaveStatus(ResultStatus.Forbidden);

        (await _app.SnapshotAsync(rig.Id)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task Another_towns_rig_is_forbidden(string tool)
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);
        // The same user's other town, and a stranger's.
        var otherTown = await _app.CreateTownAsync(mayor.Owner);
        var otherRig = await _app.CreateRigAsync(mayor.Owner, otherTown.Id);
        var stranger = await _app.CreateUserAsync();
        var strangersRig = await _app.CreateRigAsync(stranger, (await _app.CreateTownAsync(stranger)).Id);
        if (tool is "list-rigs" or "reply") return; // names no rig: always its own town's

        (await _app.SendAnyAsync(mayor.Session(), Call(tool, mayor.Mayor.Id, otherRig.Id))).ShouldHaveStatus(ResultStatus.Forbidden);
        (await _app.SendAnyAsync(mayor.Session(), Call(tool, mayor.Mayor.Id, strangersRig.Id))).ShouldHaveStatus(ResultStatus.Forbidden);
        (await _app.SendAnyAsync(mayor.Session(), Call(tool, mayor.Mayor.Id, Guid.NewGuid()))).ShouldHaveStatus(ResultStatus.Forbidden);

        (await _app.ReadLedgerAsync(otherRig.Id, ledger => ledger.Beads.ListAsync(new(), AppHarness.Ct))).ShouldBeEmpty();
        (await _app.ReadLedgerAsync(strangersRig.Id, ledger => ledger.Beads.ListAsync(new(), AppHarness.Ct))).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_user_is_not_the_mayor(string tool)
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);

        (await _app.SendAnyAsync(mayor.Owner, Call(tool, mayor.Mayor.Id, rig.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task A_stale_mayor_session_is_a_conflict(string tool)
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);
        var before = await _app.SnapshotAsync(rig.Id);

        (await _app.SendAnyAsync(mayor.Session(generation: 4), Call(tool, mayor.Mayor.Id, rig.Id))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SnapshotAsync(rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Another_mayors_session_is_forbidden()
    {
        var mayor = await _app.CreateTownWithMayorAsync();
        var other = await _app.CreateTownWithMayorAsync(mayor.Owner);
        var rig = await _app.CreateRigAsync(mayor.Owner, mayor.Town.Id);

        (await _app.SendAsync(other.Session(), new MayorSlingCommand(mayor.Mayor.Id, rig.Id, "x", null, null))).ShouldHaveStatus(ResultStatus.Forbidden);
    }
}

public sealed class SqliteMayorToolsTests() : MayorToolsTests(TestStorage.Sqlite);

public sealed class PostgresMayorToolsTests(PostgresFixture postgres) : MayorToolsTests(TestStorage.Postgres(postgres));
