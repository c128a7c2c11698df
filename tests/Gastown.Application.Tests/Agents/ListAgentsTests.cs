using Gastown.Domain;
using Ardalis.Result;
using Gastown.Application.Agents.ListAgents;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Agents;

namespace Gastown.Application.Tests.Agents;

public sealed class ListAgentsTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_new_rig_has_no_agents()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();

        var result = await _app.SendAsync(owner, new ListAgentsQuery(rig.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Lists_the_rigs_polecats_oldest_first()
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "one", null, null));
        await _app.SendAsync(owner, new SlingBeadCommand(rig.Id, "two", null, null));

        var agents = (await _app.SendAsync(owner, new ListAgentsQuery(rig.Id))).Value;

        agents.Select(agent => agent.Name).ShouldBe(["Toast", "Maple"]);
        agents.ShouldAllBe(agent => agent.Role == AgentRole.Polecat.ToText() && agent.HookedBeadId != null);
    }

    [Fact]
    public async Task Another_users_rig_is_not_found_exactly_like_a_missing_one()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        var stranger = await _app.CreateUserAsync();

        var theirs = await _app.SendAsync(stranger, new ListAgentsQuery(rig.Id));
        var missing = await _app.SendAsync(stranger, new ListAgentsQuery(Guid.NewGuid()));

        theirs.ShouldHaveStatus(ResultStatus.NotFound);
        missing.ShouldHaveStatus(ResultStatus.NotFound);
        theirs.Errors.ShouldBe(missing.Errors);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var (_, _, rig) = await _app.CreateUserWithRigAsync();
        (await _app.SendAsync(Actor.Anonymous, new ListAgentsQuery(rig.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}
