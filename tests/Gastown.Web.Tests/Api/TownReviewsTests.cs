using Gastown.Application.Common.Ports;
using Gastown.Domain.Reviews;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api;

/// <summary>
/// <c>GET /api/towns/{townId}/reviews</c>: the review queue of every rig of the town through the real pipeline, newest
/// first, each entry with its rig and its bead; filtered by status, bounded by limit; bad input 400 naming the field;
/// another user's town 404.
/// </summary>
public sealed class TownReviewsTests : IAsyncLifetime
{
    private ApiWorld _world = null!;

    public async ValueTask InitializeAsync() => _world = await ApiWorld.CreateAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task The_town_queue_lists_the_entries_of_every_rig_newest_first_with_rig_and_bead()
    {
        var waiting = await _world.AddAwaitingReviewAsync(_world.BusyRigId);
        var polecat = await _world.NewPolecatAsync();
        var rejected = await AddRejectedReviewAsync(polecat.StoreId, polecat.AgentId, polecat.HookedBeadId!.Value);

        var all = await _world.UserClient.GetJsonAsync($"/api/towns/{_world.TownId}/reviews");

        var items = all.EnumerateArray().ToList();
        items.Select(item => item.GetProperty("review").Id()).ShouldBe([rejected, waiting]);
        items[0].PropertyNames().ShouldBe(["rigId", "rigName", "beadTitle", "beadStatus", "reviewRounds", "review"], ignoreOrder: true);
        (items[0].Id("rigId"), items[0].Str("rigName")).ShouldBe((_world.QuietRigId, "quiet"));
        items[0].Str("beadTitle").ShouldNotBeNullOrEmpty();
        items[0].GetProperty("review").Str("status").ShouldBe("changes_requested");
        items[0].GetProperty("review").Str("feedback").ShouldBe("Please add a test.");
        (items[1].Id("rigId"), items[1].Str("rigName")).ShouldBe((_world.BusyRigId, "busy"));
        items[1].GetProperty("beadTitle").ValueKind.ShouldBe(JsonValueKind.Null); // Its bead is gone: the entry still shows.
        all.ShouldBeCamelCaseThroughout();

        var awaiting = await _world.UserClient.GetJsonAsync($"/api/towns/{_world.TownId}/reviews?status=awaiting_approval");
        awaiting.EnumerateArray().Select(item => item.GetProperty("review").Id()).ShouldBe([waiting]);
        var one = await _world.UserClient.GetJsonAsync($"/api/towns/{_world.TownId}/reviews?limit=1");
        one.EnumerateArray().Select(item => item.GetProperty("review").Id()).ShouldBe([rejected]);
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_another_users_town_a_404()
    {
        using (var status = await _world.UserClient.GetAsync($"/api/towns/{_world.TownId}/reviews?status=finished", Json.Ct))
            await status.ShouldBeValidationProblemOnAsync("status");
        using (var limit = await _world.UserClient.GetAsync($"/api/towns/{_world.TownId}/reviews?limit=501", Json.Ct))
            await limit.ShouldBeValidationProblemOnAsync("limit");

        await _world.AddAwaitingReviewAsync(_world.BusyRigId);
        var (_, bob) = await _world.App.SignInNewUserAsync("bob");
        using var foreign = await bob.GetAsync($"/api/towns/{_world.TownId}/reviews", Json.Ct);
        await foreign.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    private async Task<Guid> AddRejectedReviewAsync(Guid storeId, Guid agentId, Guid beadId)
    {
        var now = DateTimeOffset.UtcNow;
        var entry = ReviewEntry.New(agentId, beadId, "gt/p/12345678", "Did it.", now)
            .AwaitApproval([], "base", now).Reject("Please add a test.", now);
        await using var ledger = await _world.App.Services.GetRequiredService<ILedgerStores>().OpenAsync(storeId, LedgerAccess.Write, Json.Ct);
        await ledger.Reviews.InsertAsync(entry, Json.Ct);
        await ledger.CommitAsync(Json.Ct);
        return entry.Id;
    }
}
