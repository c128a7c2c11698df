using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs.GetRig;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.Rigs;

public sealed class GetRigTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_new_rig_has_no_agents_and_no_beads()
    {
        var (owner, town, rig) = await _app.CreateUserWithRigAsync();

        var result = await _app.SendAsync(owner, new GetRigQuery(rig.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        var details = result.Value;
        (details.Id, details.TownId, details.Name, details.GitUrl, details.DefaultBranch).ShouldBe((rig.Id, town.Id, rig.Name, rig.GitUrl, rig.DefaultBranch));
        (details.CreatedAt, details.UpdatedAt).ShouldBe((rig.CreatedAt, rig.UpdatedAt));
        details.Agents.ShouldBeEmpty();
        details.Beads.ShouldBeEmpty();
    }

    [Fact]
    public async Task Shows_its_agents_and_only_its_active_beads()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var slung = (await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "Fix the login", null, null))).Value;
        var now = _app.Clock.GetUtcNow();
        var open = Bead.New(BeadType.Issue, "open one", null, now);
        var closed = Bead.New(BeadType.Issue, "closed one", null, now).Close(null, now).State;
        var cancelled = Bead.New(BeadType.Issue, "cancelled one", null, now) with { Status = BeadStatus.Cancelled };
        await _app.InsertBeadsAsync(rig.Id, open, closed, cancelled);

        var details = (await _app.SendAsync(owner, new GetRigQuery(rig.Id))).Value;

        details.Agents.Select(agent => agent.Id).ShouldBe([slung.Agent!.Id]);
        details.Beads.Select(bead => bead.Id).ShouldBe([open.Id, slung.Bead.Id], ignoreOrder: true);
        details.Beads.ShouldAllBe(bead => bead.Status == "open" || bead.Status == "in_progress");
    }

    [Fact]
    public async Task Another_users_rig_is_not_found_exactly_like_a_missing_one()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        var stranger = await _app.CreateUserAsync();

        var theirs = await _app.SendAsync(stranger, new GetRigQuery(rig.Id));
        var missing = await _app.SendAsync(stranger, new GetRigQuery(Guid.NewGuid()));

        theirs.ShouldHaveStatus(ResultStatus.NotFound);
        missing.ShouldHaveStatus(ResultStatus.NotFound);
        theirs.Errors.ShouldBe(missing.Errors);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(Actor.Anonymous, new GetRigQuery(rig.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}
