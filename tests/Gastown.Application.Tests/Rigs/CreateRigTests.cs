using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.GetTown;
using Gastown.Domain.Ledgers;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Rigs;

public sealed class CreateRigTests : IAsyncLifetime
{
    private const string GitUrl = "https://github.com/example/web.git";

    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private string LedgersFolder => Path.Combine(_app.DataDir, "ledgers");

    [Fact]
    public async Task Creates_a_rig_in_the_town_with_main_as_its_default_branch()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var result = await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, null));

        result.ShouldHaveStatus(ResultStatus.Created);
        var rig = result.Value;
        rig.Id.ShouldNotBe(Guid.Empty);
        rig.TownId.ShouldBe(town.Id);
        rig.Name.ShouldBe("web");
        rig.GitUrl.ShouldBe(GitUrl);
        rig.DefaultBranch.ShouldBe("main");
        (await _app.SendAsync(owner, new GetTownQuery(town.Id))).Value.Rigs.ShouldBe([rig]);
    }

    [Theory]
    [InlineData("develop")]
    [InlineData("release/2.0")]
    public async Task Keeps_a_given_default_branch(string branch)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var result = await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, branch));

        result.ShouldHaveStatus(ResultStatus.Created);
        result.Value.DefaultBranch.ShouldBe(branch);
    }

    [Theory]
    [InlineData("https://github.com/example/web.git")]
    [InlineData("http://git.local/example/web.git")]
    [InlineData("ssh://git@github.com/example/web.git")]
    [InlineData("git@github.com:example/web.git")]
    public async Task Takes_network_repositories(string gitUrl)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", gitUrl, null))).ShouldHaveStatus(ResultStatus.Created);
    }

    [Fact]
    public async Task Its_ledger_store_knows_its_own_identity()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var rig = (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, "trunk"))).Value;

        _app.Ledgers.Exists(rig.Id).ShouldBeTrue();
        var identity = await _app.ReadLedgerAsync(rig.Id, ledger => Task.FromResult(ledger.Identity));

        identity.ShouldBe(new LedgerIdentity(rig.Id, LedgerKind.Rig, town.Id, owner.UserId!.Value, "web", GitUrl, "trunk"));
    }

    [Fact]
    public async Task The_identity_is_stored_in_the_file_not_only_remembered_by_the_process()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var rig = (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, null))).Value;

        // A second process on the same data directory has nothing cached: it can only read the store's kv table.
        await using var reopened = new AppHarness(dataDir: _app.DataDir);
        var identity = await reopened.ReadLedgerAsync(rig.Id, ledger => Task.FromResult(ledger.Identity));

        identity.ShouldBe(new LedgerIdentity(rig.Id, LedgerKind.Rig, town.Id, owner.UserId!.Value, "web", GitUrl, "main"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("bad\u0007name")]
    public async Task Refuses_a_bad_name(string name)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, name, GitUrl, null))).ShouldBeInvalidOn("name");
    }

    [Fact]
    public async Task Refuses_a_name_of_65_characters()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, new string('r', 64), GitUrl, null))).ShouldHaveStatus(ResultStatus.Created);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, new string('r', 65), GitUrl, null))).ShouldBeInvalidOn("name");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/repo.git")]
    [InlineData("ext::sh -c touch% /tmp/pwned")]
    [InlineData("-oProxyCommand=touch")]
    [InlineData("file:///etc")]
    [InlineData("/srv/git/repo.git")]
    public async Task Refuses_a_bad_or_local_git_url_when_local_repositories_are_off(string gitUrl)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var result = await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", gitUrl, null));

        result.ShouldBeInvalidOn("gitUrl");
        result.ValidationErrors.Single().ErrorMessage.ShouldStartWith("'gitUrl' ");
    }

    [Theory]
    [InlineData("-x")]
    [InlineData("a..b")]
    [InlineData("a b")]
    [InlineData("a~b")]
    [InlineData("a^b")]
    [InlineData("a:b")]
    [InlineData("a?b")]
    [InlineData("a*b")]
    [InlineData("a[b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    [InlineData("main.lock")]
    [InlineData("")]
    public async Task Refuses_a_bad_default_branch(string branch)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var result = await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, branch));

        result.ShouldBeInvalidOn("defaultBranch");
        result.ValidationErrors.Single().ErrorMessage.ShouldStartWith("'defaultBranch' ");
    }

    [Fact]
    public async Task Names_every_bad_field_at_once()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "", "not a url", "-x"))).ShouldBeInvalidOn("name", "gitUrl", "defaultBranch");
    }

    [Fact]
    public async Task A_second_rig_of_the_same_name_in_the_town_is_a_conflict_and_leaves_no_extra_store()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        var first = await _app.CreateRigAsync(owner, town.Id, "web");

        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", "https://example.com/other.git", null))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SendAsync(owner, new GetTownQuery(town.Id))).Value.Rigs.ShouldBe([first]);
        Directory.GetFiles(LedgersFolder, "*.db").Select(Path.GetFileNameWithoutExtension).ShouldBe([first.Id.ToString("N")]);
    }

    [Fact]
    public async Task The_same_rig_name_in_another_town_is_fine()
    {
        var owner = await _app.CreateUserAsync();
        var one = await _app.CreateTownAsync(owner);
        var two = await _app.CreateTownAsync(owner);
        await _app.CreateRigAsync(owner, one.Id, "web");

        (await _app.SendAsync(owner, new CreateRigCommand(two.Id, "web", GitUrl, null))).ShouldHaveStatus(ResultStatus.Created);
    }

    [Fact]
    public async Task When_its_store_cannot_be_made_no_rig_is_left_in_the_directory()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        // A regular file where the ledgers folder should be: no store file can be created under it.
        await File.WriteAllTextAsync(LedgersFolder, "in the way", AppHarness.Ct);

        var result = await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, null));

        result.ShouldHaveStatus(ResultStatus.Unavailable);
        (await _app.SendAsync(owner, new GetTownQuery(town.Id))).Value.Rigs.ShouldBeEmpty();
        (await _app.Services.GetRequiredService<ITownDirectory>().ListAllStoreIdsAsync(AppHarness.Ct)).ShouldBe([town.Id]);

        // Once the obstacle is gone the same name is free: nothing half-made holds it.
        File.Delete(LedgersFolder);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "web", GitUrl, null))).ShouldHaveStatus(ResultStatus.Created);
    }

    [Fact]
    public async Task Another_users_town_is_not_found_and_nothing_is_made()
    {
        var owner = await _app.CreateUserAsync();
        var stranger = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        (await _app.SendAsync(stranger, new CreateRigCommand(town.Id, "web", GitUrl, null))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(stranger, new CreateRigCommand(Guid.NewGuid(), "web", GitUrl, null))).ShouldHaveStatus(ResultStatus.NotFound);
        // Ownership is checked before the fields: a stranger learns nothing from validation messages.
        (await _app.SendAsync(stranger, new CreateRigCommand(town.Id, "", "not a url", "-x"))).ShouldHaveStatus(ResultStatus.NotFound);

        (await _app.SendAsync(owner, new GetTownQuery(town.Id))).Value.Rigs.ShouldBeEmpty();
        Directory.Exists(LedgersFolder).ShouldBeFalse();
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(Actor.Anonymous, new CreateRigCommand(town.Id, "web", GitUrl, null))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public sealed class CreateRigWithLocalRepositoriesTests : IAsyncLifetime
{
    private readonly AppHarness _app = new(new Dictionary<string, string?> { ["Gastown:Git:AllowLocalRepositories"] = "true" });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("file:///srv/git/repo.git")]
    [InlineData("/srv/git/repo.git")]
    public async Task Takes_a_local_repository_when_the_operator_allows_it(string gitUrl)
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "local", gitUrl, null))).ShouldHaveStatus(ResultStatus.Created);
    }

    [Fact]
    public async Task Still_refuses_what_is_not_an_address()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new CreateRigCommand(town.Id, "local", "not a url", null))).ShouldBeInvalidOn("gitUrl");
    }
}
