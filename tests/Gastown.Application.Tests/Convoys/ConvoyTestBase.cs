using Gastown.Application.AgentApi.Done;
using Gastown.Application.Common.Security;
using Gastown.Application.Convoys;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.GetConvoy;
using Gastown.Application.Rigs;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns;
using Gastown.Application.Towns.GetTownEvents;

namespace Gastown.Application.Tests.Convoys;

/// <summary>
/// What the convoy tests share (direct and land mode): a town with its mayor and two rigs, api and web, on the fake
/// clock with the in-memory container; creating and reading convoys, a bead's polecat saying done and its rig's tick
/// merging it, the town feed's convoy events and the mayor's mail.
/// </summary>
public abstract class ConvoyTestBase(TestStorage storage) : IAsyncLifetime
{
    protected AppHarness App { get; } = new(new Dictionary<string, string?>
    {
        ["Gastown:Alarm:IdleInterval"] = "00:07:00",
        ["Gastown:MaxPolecatsPerRig"] = "3",
    }, storage: storage);

    protected TownMayor Town { get; private set; } = null!;

    protected RigResponse ApiRig { get; private set; } = null!;

    protected RigResponse WebRig { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Town = await App.CreateTownWithMayorAsync();
        ApiRig = await App.CreateRigAsync(Town.Owner, Town.Town.Id, "api");
        WebRig = await App.CreateRigAsync(Town.Owner, Town.Town.Id, "web");
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();

    protected Actor Owner => Town.Owner;

    protected async Task<ConvoyDetailResponse> CreateAsync(CreateConvoyCommand command)
    {
        var created = await App.SendAsync(Owner, command);
        created.ShouldSucceed();
        created.Status.ShouldBe(Ardalis.Result.ResultStatus.Created);
        return created.Value;
    }

    protected async Task<ConvoyDetailResponse> GetAsync(Guid convoyId)
    {
        var got = await App.SendAsync(Owner, new GetConvoyQuery(Town.Town.Id, convoyId));
        got.ShouldSucceed();
        return got.Value;
    }

    /// <summary>The bead's polecat says done (current generation).</summary>
    protected async Task DoneAsync(Guid rigId, Guid beadId)
    {
        var bead = await App.GetBeadAsync(rigId, beadId);
        var agentId = bead.AssigneeAgentId.ShouldNotBeNull($"{bead.Title} has no agent");
        var agent = await App.GetAgentAsync(rigId, agentId);
        (await App.SendAsync(AgentPlane.SessionOf(rigId, Town.Town.Id, Owner.UserId!.Value, agentId, agent.Generation), new DoneCommand(agentId, null, null)))
            .ShouldSucceed();
    }

    /// <summary>The bead's polecat says done, and its rig's tick merges it.</summary>
    protected async Task MergeAsync(Guid rigId, Guid beadId)
    {
        await DoneAsync(rigId, beadId);
        App.Container.QueueMerge("c0ffee" + beadId.ToString("N")[..6]);
        (await App.TickAsync(rigId)).Merged.ShouldBe(1);
    }

    /// <summary>The town feed's convoy events, oldest first.</summary>
    protected async Task<IReadOnlyList<string>> FeedAsync()
    {
        var feed = await App.SendAsync(Owner, new GetTownEventsQuery(Town.Town.Id));
        feed.ShouldSucceed();
        return [.. feed.Value.Where(e => e.ConvoyId is not null).Select(e => e.Type).Reverse()];
    }

    protected Task<IReadOnlyList<Domain.Mail.MailMessage>> MayorMailAsync() =>
        App.ReadLedgerAsync(Town.Town.Id, ledger => ledger.Mail.ListUndeliveredAsync(Town.Mayor.Id, AppHarness.Ct));

    protected static Guid Bead(ConvoyDetailResponse convoy, string prefix) =>
        convoy.Beads.Single(bead => bead.Title.StartsWith(prefix, StringComparison.Ordinal)).Id;
}
