using Gastown.Testing;
namespace Gastown.Web.Tests.Api;

public abstract class TownsApiTests(TestStorage storage) : IAsyncLifetime
{
    private readonly GastownApp _app = new(storage: storage);
    private GastownUser _alice = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync() => (_alice, _http) = await _app.SignInNewUserAsync("alice");

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task CreateTown_answers_201_with_the_town()
    {
        var response = await _http.PostAsJsonAsync("/api/towns", new { name = "alpha" }, Json.Ct);

        var town = await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        town.PropertyNames().ShouldBe(["id", "name", "ownerUserId", "createdAt", "updatedAt"], ignoreOrder: true);
        town.Id().ShouldNotBe(Guid.Empty);
        town.Str("name").ShouldBe("alpha");
        town.Id("ownerUserId").ShouldBe(_alice.Id);
        town.GetProperty("createdAt").GetDateTimeOffset().ShouldBe(town.GetProperty("updatedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task ListTowns_answers_the_callers_towns_newest_first()
    {
        var first = await _http.PostJsonAsync("/api/towns", new { name = "first" }, HttpStatusCode.Created);
        var second = await _http.PostJsonAsync("/api/towns", new { name = "second" }, HttpStatusCode.Created);
        var (_, bob) = await _app.SignInNewUserAsync("bob");
        await bob.PostJsonAsync("/api/towns", new { name = "bobs" }, HttpStatusCode.Created);

        var towns = await _http.GetJsonAsync("/api/towns");

        towns.ValueKind.ShouldBe(JsonValueKind.Array);
        towns.EnumerateArray().Select(town => town.Id()).ShouldBe([second.Id(), first.Id()]);
        towns.ShouldBeCamelCaseThroughout();
    }

    [Fact]
    public async Task GetTown_answers_the_town_with_its_rigs()
    {
        var created = await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var rig = await _http.PostJsonAsync($"/api/towns/{created.Id()}/rigs", new { name = "web", gitUrl = "https://example.com/web.git" }, HttpStatusCode.Created);

        var town = await _http.GetJsonAsync($"/api/towns/{created.Id()}");

        town.PropertyNames().ShouldBe(["id", "name", "ownerUserId", "createdAt", "updatedAt", "rigs"], ignoreOrder: true);
        town.Id().ShouldBe(created.Id());
        town.Str("name").ShouldBe("alpha");
        town.Id("ownerUserId").ShouldBe(_alice.Id);
        // The same instant as the 201 said, to the microsecond the store keeps.
        town.Str("createdAt").ShouldBe(created.Str("createdAt"));
        town.GetProperty("rigs").EnumerateArray().Select(r => r.Id()).ShouldBe([rig.Id()]);
        town.ShouldBeCamelCaseThroughout();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task CreateTown_with_an_empty_name_is_a_400_naming_the_field(string name) =>
        await (await _http.PostAsJsonAsync("/api/towns", new { name }, Json.Ct)).ShouldBeValidationProblemOnAsync("name");

    [Fact]
    public async Task CreateTown_without_a_name_is_a_400_naming_the_field() =>
        await (await _http.PostAsJsonAsync("/api/towns", new { }, Json.Ct)).ShouldBeValidationProblemOnAsync("name");

    [Fact]
    public async Task CreateTown_with_a_65_character_name_is_a_400_naming_the_field()
    {
        await _http.PostJsonAsync("/api/towns", new { name = new string('a', 64) }, HttpStatusCode.Created);
        await (await _http.PostAsJsonAsync("/api/towns", new { name = new string('a', 65) }, Json.Ct)).ShouldBeValidationProblemOnAsync("name");
    }

    [Fact]
    public async Task A_duplicate_town_name_is_a_409_but_another_user_may_use_it()
    {
        await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);

        var conflict = await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Conflict);
        conflict.GetProperty("status").GetInt32().ShouldBe(409);

        var (_, bob) = await _app.SignInNewUserAsync("bob");
        await bob.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_non_uuid_town_id_is_a_400_naming_the_field()
    {
        await (await _http.GetAsync("/api/towns/not-a-uuid", Json.Ct)).ShouldBeValidationProblemOnAsync("townId");
        await (await _http.PostAsJsonAsync("/api/towns/12345/rigs", new { name = "web", gitUrl = "https://example.com/web.git" }, Json.Ct))
            .ShouldBeValidationProblemOnAsync("townId");
    }

    [Fact]
    public async Task Another_users_town_is_a_404_indistinguishable_from_a_missing_one()
    {
        var town = await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var (_, bob) = await _app.SignInNewUserAsync("bob");

        var theirs = await bob.GetJsonAsync($"/api/towns/{town.Id()}", HttpStatusCode.NotFound);
        var missing = await bob.GetJsonAsync($"/api/towns/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        WithoutTraceId(theirs).ShouldBe(WithoutTraceId(missing));
        (await bob.GetJsonAsync("/api/towns")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Creating_a_rig_in_another_users_town_is_a_404_even_with_bad_fields()
    {
        var town = await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var (_, bob) = await _app.SignInNewUserAsync("bob");

        await bob.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = "https://example.com/web.git" }, HttpStatusCode.NotFound);
        await bob.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "", gitUrl = "not a url", defaultBranch = "-x" }, HttpStatusCode.NotFound);

        (await _http.GetJsonAsync($"/api/towns/{town.Id()}")).GetProperty("rigs").GetArrayLength().ShouldBe(0);
    }

    internal static string WithoutTraceId(JsonElement problem) =>
        JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value));
}

public sealed class SqliteTownsApiTests() : TownsApiTests(TestStorage.Sqlite);

public sealed class PostgresTownsApiTests(PostgresFixture postgres) : TownsApiTests(TestStorage.Postgres(postgres));
