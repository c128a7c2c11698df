using Ardalis.Result;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Towns.GetTown;
using Gastown.Application.Towns.ListTowns;

namespace Gastown.Application.Tests.Towns;

public abstract class CreateTownTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Creates_a_town_owned_by_the_caller()
    {
        var owner = await _app.CreateUserAsync();

        var result = await _app.SendAsync(owner, new CreateTownCommand("Springfield"));

        result.ShouldHaveStatus(ResultStatus.Created);
        result.Value.Id.ShouldNotBe(Guid.Empty);
        result.Value.Name.ShouldBe("Springfield");
        result.Value.OwnerUserId.ShouldBe(owner.UserId!.Value);
        result.Value.UpdatedAt.ShouldBe(result.Value.CreatedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\u0001name")]
    [InlineData("tab\tname")]
    public async Task Refuses_a_blank_or_unprintable_name(string name)
    {
        var owner = await _app.CreateUserAsync();
        (await _app.SendAsync(owner, new CreateTownCommand(name))).ShouldBeInvalidOn("name");
    }

    [Fact]
    public async Task Refuses_a_missing_name()
    {
        var owner = await _app.CreateUserAsync();
        (await _app.SendAsync(owner, new CreateTownCommand(null!))).ShouldBeInvalidOn("name");
    }

    [Fact]
    public async Task Takes_names_of_1_to_64_characters()
    {
        var owner = await _app.CreateUserAsync();

        (await _app.SendAsync(owner, new CreateTownCommand("x"))).ShouldHaveStatus(ResultStatus.Created);
        (await _app.SendAsync(owner, new CreateTownCommand(new string('a', 64)))).ShouldHaveStatus(ResultStatus.Created);
        (await _app.SendAsync(owner, new CreateTownCommand(new string('b', 65)))).ShouldBeInvalidOn("name");
    }

    [Fact]
    public async Task A_second_town_of_the_same_name_for_the_same_owner_is_a_conflict()
    {
        var owner = await _app.CreateUserAsync();
        await _app.CreateTownAsync(owner, "Ogdenville");

        (await _app.SendAsync(owner, new CreateTownCommand("Ogdenville"))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SendAsync(owner, new ListTownsQuery())).Value.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Another_owner_may_use_the_same_name()
    {
        var first = await _app.CreateUserAsync();
        var second = await _app.CreateUserAsync();
        await _app.CreateTownAsync(first, "North Haverbrook");

        (await _app.SendAsync(second, new CreateTownCommand("North Haverbrook"))).ShouldHaveStatus(ResultStatus.Created);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        (await _app.SendAsync(Actor.Anonymous, new CreateTownCommand("Shelbyville"))).ShouldHaveStatus(ResultStatus.Unauthorized);
        // The system acts for nobody, so it cannot own a town either.
        (await _app.SendAsync(Actor.System, new CreateTownCommand("Shelbyville"))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Fact]
    public async Task Authorization_comes_before_validation()
    {
        // An anonymous caller learns nothing from validation messages.
        (await _app.SendAsync(Actor.Anonymous, new CreateTownCommand(""))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public abstract class ListTownsTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Lists_only_the_callers_towns_newest_first()
    {
        var owner = await _app.CreateUserAsync();
        var stranger = await _app.CreateUserAsync();
        var first = await _app.CreateTownAsync(owner, "first");
        await _app.CreateTownAsync(stranger, "theirs");
        var second = await _app.CreateTownAsync(owner, "second");
        var third = await _app.CreateTownAsync(owner, "third");

        var towns = await _app.SendAsync(owner, new ListTownsQuery());

        towns.ShouldHaveStatus(ResultStatus.Ok);
        towns.Value.Select(town => town.Id).ShouldBe([third.Id, second.Id, first.Id]);
        towns.Value.ShouldAllBe(town => town.OwnerUserId == owner.UserId);
    }

    [Fact]
    public async Task A_new_user_has_no_towns()
    {
        var owner = await _app.CreateUserAsync();
        (await _app.SendAsync(owner, new ListTownsQuery())).Value.ShouldBeEmpty();
    }

    [Fact]
    public async Task Needs_a_signed_in_user() =>
        (await _app.SendAsync(Actor.Anonymous, new ListTownsQuery())).ShouldHaveStatus(ResultStatus.Unauthorized);
}

public abstract class GetTownTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Answers_the_town_with_its_rigs_oldest_first()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner, "Capital City");
        var web = await _app.CreateRigAsync(owner, town.Id, "web");
        var api = await _app.CreateRigAsync(owner, town.Id, "api");

        var result = await _app.SendAsync(owner, new GetTownQuery(town.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.Id.ShouldBe(town.Id);
        result.Value.Name.ShouldBe("Capital City");
        result.Value.OwnerUserId.ShouldBe(owner.UserId!.Value);
        result.Value.CreatedAt.ShouldBe(town.CreatedAt);
        result.Value.Rigs.ShouldBe([web, api]);
    }

    [Fact]
    public async Task A_town_without_rigs_has_an_empty_list()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(owner, new GetTownQuery(town.Id))).Value.Rigs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Another_users_town_is_not_found_exactly_like_a_missing_one()
    {
        var owner = await _app.CreateUserAsync();
        var stranger = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);

        var theirs = await _app.SendAsync(stranger, new GetTownQuery(town.Id));
        var missing = await _app.SendAsync(stranger, new GetTownQuery(Guid.NewGuid()));

        theirs.ShouldHaveStatus(ResultStatus.NotFound);
        missing.ShouldHaveStatus(ResultStatus.NotFound);
        theirs.Errors.ShouldBe(missing.Errors);
    }

    [Fact]
    public async Task The_empty_id_is_not_found()
    {
        var owner = await _app.CreateUserAsync();
        (await _app.SendAsync(owner, new GetTownQuery(Guid.Empty))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task Needs_a_signed_in_user()
    {
        var owner = await _app.CreateUserAsync();
        var town = await _app.CreateTownAsync(owner);
        (await _app.SendAsync(Actor.Anonymous, new GetTownQuery(town.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}

public sealed class SqliteCreateTownTests() : CreateTownTests(TestStorage.Sqlite);

public sealed class PostgresCreateTownTests(PostgresFixture postgres) : CreateTownTests(TestStorage.Postgres(postgres));

public sealed class SqliteListTownsTests() : ListTownsTests(TestStorage.Sqlite);

public sealed class PostgresListTownsTests(PostgresFixture postgres) : ListTownsTests(TestStorage.Postgres(postgres));

public sealed class SqliteGetTownTests() : GetTownTests(TestStorage.Sqlite);

public sealed class PostgresGetTownTests(PostgresFixture postgres) : GetTownTests(TestStorage.Postgres(postgres));
