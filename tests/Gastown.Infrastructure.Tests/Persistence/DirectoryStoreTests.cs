using Gastown.Application.Common.Ports;
using Gastown.Domain.Ledgers;
using Gastown.Domain.Rigs;
using Gastown.Domain.Towns;
using Gastown.Domain.Users;
using Gastown.Infrastructure.Tests.Support;

namespace Gastown.Infrastructure.Tests.Persistence;

/// <summary>
/// The directory ports, the same on both providers: users and token hashes, towns and rigs with their unique names,
/// the town-wide agent registry, rig settings, town config and pending deletions.
/// </summary>
public abstract class DirectoryStoreTests(TestStorage storage) : IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly StoreHarness _stores = new(storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _stores.DisposeAsync();

    [Fact]
    public async Task Users_and_tokens_are_found_by_hash_listed_and_revoked()
    {
        (await _stores.Users.AnyUsersAsync(Ct)).ShouldBeFalse();
        var (ada, token) = await AddUserAsync("ada");
        (await _stores.Users.TryAddUserAsync(new User(Guid.NewGuid(), "ada", Noon), Token(Guid.NewGuid(), "other"), Ct)).ShouldBeFalse();
        await _stores.Users.AddTokenAsync(Token(ada.Id, "second"), Ct);

        (await _stores.Users.AnyUsersAsync(Ct)).ShouldBeTrue();
        (await _stores.Users.FindByTokenHashAsync(token.TokenHash, Ct)).ShouldBe(ada);
        (await _stores.Users.FindByNameAsync("ada", Ct)).ShouldBe(ada);
        (await _stores.Users.FindByTokenHashAsync("other", Ct)).ShouldBeNull("the refused user's token was not stored");
        (await _stores.Users.ListUsersAsync(Ct)).ShouldBe([new UserSummary(ada.Id, "ada", Noon, 2)]);

        (await _stores.Users.RevokeTokensAsync(ada.Id, Noon.AddHours(1), Ct)).ShouldBe(2);
        (await _stores.Users.FindByTokenHashAsync(token.TokenHash, Ct)).ShouldBeNull();
        await using var second = _stores.SecondNode();
        (await second.Users.FindByTokenHashAsync("second", Ct)).ShouldBeNull("a revoke holds on every node at once");
    }

    [Fact]
    public async Task Towns_and_rigs_keep_unique_names_and_their_settings()
    {
        var (owner, _) = await AddUserAsync("bo");
        var town = new Town(Guid.NewGuid(), "acme", owner.Id, Noon, Noon);
        var other = new Town(Guid.NewGuid(), "beta", owner.Id, Noon.AddSeconds(1), Noon.AddSeconds(1));
        (await _stores.Directory.TryAddTownAsync(town, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryAddTownAsync(other, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryAddTownAsync(town with { Id = Guid.NewGuid() }, Ct)).ShouldBeFalse("names are unique per owner");

        (await _stores.Management.TryUpdateTownAsync(other.Id, "acme", Noon.AddHours(1), Ct)).ShouldBeFalse();
        (await _stores.Management.TryUpdateTownAsync(other.Id, "gamma", Noon.AddHours(1), Ct)).ShouldBeTrue();
        (await _stores.Directory.GetTownAsync(other.Id, Ct))!.Name.ShouldBe("gamma");
        (await _stores.Directory.ListTownsAsync(owner.Id, Ct)).Select(t => t.Name).ShouldBe(["gamma", "acme"]);

        var rig = new Rig(Guid.NewGuid(), town.Id, "web", "https://example.com/web.git", "main", Noon, Noon,
            Review: new RigReview([["dotnet", "test"]], 60, RigReviewMode.Approve, 2, true));
        var api = new Rig(Guid.NewGuid(), town.Id, "api", "https://example.com/api.git", "main", Noon.AddSeconds(1), Noon.AddSeconds(1));
        (await _stores.Directory.TryAddRigAsync(rig, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryAddRigAsync(api, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryAddRigAsync(rig with { Id = Guid.NewGuid() }, Ct)).ShouldBeFalse();
        (await _stores.Management.TryUpdateRigAsync(api with { Name = "web" }, Ct)).ShouldBeFalse();
        (await _stores.Management.TryUpdateRigAsync(api with { MaxPolecats = 2, DefaultBranch = "trunk" }, Ct)).ShouldBeTrue();
        await _stores.Management.SetRigHealthAsync(rig.Id, new RigHealth(RigHealthStatus.Unreachable, "no route", Noon), Ct);
        await _stores.Management.SetRigCredentialsAsync(rig.Id, new StoredGitCredentials("bot", "cipher"), Ct);

        var stored = (await _stores.Directory.GetRigAsync(rig.Id, Ct)).ShouldNotBeNull();
        var review = stored.Review.ShouldNotBeNull();
        (review.Mode, review.GateTimeoutSeconds, review.MaxReviewRounds, review.DeleteMergedBranches).ShouldBe((RigReviewMode.Approve, 60, 2, true));
        review.Gates.ShouldHaveSingleItem().ShouldBe(["dotnet", "test"]);
        stored.Health.ShouldBe(new RigHealth(RigHealthStatus.Unreachable, "no route", Noon));
        (await _stores.Directory.GetRigAsync(api.Id, Ct))!.MaxPolecats.ShouldBe(2);
        (await _stores.Management.GetRigCredentialsAsync(rig.Id, Ct)).ShouldBe(new StoredGitCredentials("bot", "cipher"));
        (await _stores.Directory.ListRigsAsync(town.Id, Ct)).Select(r => r.Name).ShouldBe(["web", "api"]);
        (await _stores.Directory.GetRigOwnerAsync(api.Id, Ct)).ShouldBe(owner.Id, "a rig's owner is its town's");
        (await _stores.Directory.GetRigOwnerAsync(Guid.NewGuid(), Ct)).ShouldBeNull();
        (await _stores.Directory.ListAllStoreIdsAsync(Ct)).ShouldBe([rig.Id, api.Id, town.Id, other.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Agent_names_are_unique_in_a_town_and_deletions_stay_pending_until_completed()
    {
        var (owner, _) = await AddUserAsync("cy");
        var town = new Town(Guid.NewGuid(), "acme", owner.Id, Noon, Noon);
        var rig = new Rig(Guid.NewGuid(), town.Id, "web", "https://example.com/web.git", "main", Noon, Noon);
        await _stores.Directory.TryAddTownAsync(town, Ct);
        await _stores.Directory.TryAddRigAsync(rig, Ct);
        var agent = new AgentRegistration(Guid.NewGuid(), town.Id, rig.Id, "toast");
        (await _stores.Directory.TryRegisterAgentAsync(agent, Ct)).ShouldBeTrue();
        (await _stores.Directory.TryRegisterAgentAsync(agent with { AgentId = Guid.NewGuid(), StoreId = town.Id }, Ct)).ShouldBeFalse();
        (await _stores.Directory.FindAgentAsync(agent.AgentId, Ct)).ShouldBe(agent);
        (await _stores.Directory.ListAgentNamesAsync(town.Id, Ct)).ShouldBe(new HashSet<string> { "toast" });

        var config = new StoredTownConfig("kilo/auto", 3, new Dictionary<string, StoredRoleAgent> { ["polecat"] = new("claude", null) });
        await _stores.Management.SaveTownConfigAsync(town.Id, config, Noon, Ct);
        await using (var second = _stores.SecondNode())
            (await second.Management.GetTownConfigAsync(town.Id, Ct)).ShouldBeEquivalentTo(config);

        await _stores.Management.RemoveRigAsync(new PendingDeletion(rig.Id, LedgerKind.Rig, town.Id, [agent.AgentId], Noon), Ct);
        (await _stores.Directory.GetRigAsync(rig.Id, Ct)).ShouldBeNull();
        (await _stores.Directory.GetRigOwnerAsync(rig.Id, Ct)).ShouldBeNull("a removed rig has no owner");
        (await _stores.Directory.FindAgentAsync(agent.AgentId, Ct)).ShouldBeNull();
        (await _stores.Management.IsPendingDeletionAsync(rig.Id, Ct)).ShouldBeTrue();
        (await _stores.Management.ListPendingDeletionsAsync(Ct)).ShouldHaveSingleItem().AgentIds.ShouldBe([agent.AgentId]);

        await _stores.Management.RemoveTownAsync(town.Id, [new PendingDeletion(town.Id, LedgerKind.TownHq, town.Id, [], Noon.AddSeconds(1))], Ct);
        (await _stores.Directory.GetTownAsync(town.Id, Ct)).ShouldBeNull();
        (await _stores.Management.GetTownConfigAsync(town.Id, Ct)).ShouldBe(StoredTownConfig.Empty);
        (await _stores.Management.ListPendingDeletionsAsync(Ct)).Select(d => d.StoreId).ShouldBe([rig.Id, town.Id]);

        await _stores.Management.CompleteDeletionAsync(rig.Id, Ct);
        (await _stores.Management.IsPendingDeletionAsync(rig.Id, Ct)).ShouldBeFalse();
        (await _stores.Management.IsPendingDeletionAsync(town.Id, Ct)).ShouldBeTrue();
    }

    private async Task<(User User, ApiToken Token)> AddUserAsync(string name)
    {
        var user = new User(Guid.NewGuid(), name, Noon);
        var token = Token(user.Id, $"hash-{name}");
        (await _stores.Users.TryAddUserAsync(user, token, Ct)).ShouldBeTrue();
        return (user, token);
    }

    private static ApiToken Token(Guid userId, string hash) => new(Guid.NewGuid(), userId, hash, Noon, null);
}

public sealed class SqliteDirectoryStoreTests() : DirectoryStoreTests(TestStorage.Sqlite);

public sealed class PostgresDirectoryStoreTests(PostgresFixture postgres) : DirectoryStoreTests(TestStorage.Postgres(postgres));
