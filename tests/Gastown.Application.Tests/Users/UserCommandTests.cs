using System.Security.Cryptography;
using System.Text;
using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Application.Users.CreateUser;
using Gastown.Application.Users.EnsureAdminUser;
using Gastown.Application.Users.GetCurrentUser;
using Gastown.Application.Users.IssueToken;
using Gastown.Application.Users.ListUsers;
using Gastown.Application.Users.RevokeTokens;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.Users;

public sealed class UserCommandTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IUserDirectory Users => _app.Services.GetRequiredService<IUserDirectory>();

    [Fact]
    public async Task CreateUser_makes_a_user_with_a_256_bit_token_that_signs_it_in()
    {
        var result = await _app.SendAsync(Actor.System, new CreateUserCommand("alice"));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.UserName.ShouldBe("alice");
        result.Value.Token.ShouldStartWith(ApiTokenSecret.Prefix);
        // 32 random bytes in unpadded base64url.
        result.Value.Token.Length.ShouldBe(ApiTokenSecret.Prefix.Length + 43);
        result.Value.Token[ApiTokenSecret.Prefix.Length..].ShouldMatch("^[A-Za-z0-9_-]{43}$");

        var user = await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(result.Value.Token), AppHarness.Ct);
        user.ShouldNotBeNull().Id.ShouldBe(result.Value.UserId);
    }

    [Fact]
    public async Task Tokens_are_different_every_time()
    {
        var one = (await _app.SendAsync(Actor.System, new CreateUserCommand("one"))).Value.Token;
        var two = (await _app.SendAsync(Actor.System, new CreateUserCommand("two"))).Value.Token;
        one.ShouldNotBe(two);
    }

    [Fact]
    public async Task Only_the_SHA256_hash_of_a_token_is_stored()
    {
        var token = (await _app.SendAsync(Actor.System, new CreateUserCommand("alice"))).Value.Token;

        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.DataDir, "directory.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(AppHarness.Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash FROM api_tokens";
        var stored = (string)(await command.ExecuteScalarAsync(AppHarness.Ct))!;

        stored.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var everything = await File.ReadAllBytesAsync(Path.Combine(_app.DataDir, "directory.db"), AppHarness.Ct);
        var wal = Path.Combine(_app.DataDir, "directory.db-wal");
        if (File.Exists(wal)) everything = [.. everything, .. await File.ReadAllBytesAsync(wal, AppHarness.Ct)];
        Encoding.UTF8.GetString(everything).ShouldNotContain(token[ApiTokenSecret.Prefix.Length..]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("new\nline")]
    public async Task CreateUser_refuses_a_bad_name(string name) =>
        (await _app.SendAsync(Actor.System, new CreateUserCommand(name))).ShouldBeInvalidOn("name");

    [Fact]
    public async Task CreateUser_refuses_a_name_of_65_characters() =>
        (await _app.SendAsync(Actor.System, new CreateUserCommand(new string('u', 65)))).ShouldBeInvalidOn("name");

    [Fact]
    public async Task CreateUser_refuses_a_name_already_taken()
    {
        await _app.SendAsync(Actor.System, new CreateUserCommand("bob"));
        (await _app.SendAsync(Actor.System, new CreateUserCommand("bob"))).ShouldHaveStatus(ResultStatus.Conflict);
    }

    [Fact]
    public async Task EnsureAdminUser_creates_admin_once_and_only_in_an_empty_directory()
    {
        var first = await _app.SendAsync(Actor.System, new EnsureAdminUserCommand());
        var second = await _app.SendAsync(Actor.System, new EnsureAdminUserCommand());

        first.ShouldHaveStatus(ResultStatus.Ok);
        first.Value.ShouldNotBeNull().UserName.ShouldBe(EnsureAdminUserCommand.AdminName);
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(first.Value.Token), AppHarness.Ct)).ShouldNotBeNull();
        second.ShouldHaveStatus(ResultStatus.Ok);
        second.Value.ShouldBeNull();
    }

    [Fact]
    public async Task EnsureAdminUser_does_nothing_when_someone_already_exists()
    {
        await _app.SendAsync(Actor.System, new CreateUserCommand("carol"));

        (await _app.SendAsync(Actor.System, new EnsureAdminUserCommand())).Value.ShouldBeNull();
        (await Users.FindByNameAsync(EnsureAdminUserCommand.AdminName, AppHarness.Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task ListUsers_counts_active_tokens()
    {
        await _app.SendAsync(Actor.System, new CreateUserCommand("dave"));
        await _app.SendAsync(Actor.System, new IssueTokenCommand("dave"));
        await _app.SendAsync(Actor.System, new CreateUserCommand("erin"));
        await _app.SendAsync(Actor.System, new RevokeTokensCommand("erin"));

        var users = await _app.SendAsync(Actor.System, new ListUsersQuery());

        users.ShouldHaveStatus(ResultStatus.Ok);
        users.Value.Select(user => (user.Name, user.ActiveTokens)).ShouldBe([("dave", 2), ("erin", 0)]);
    }

    [Fact]
    public async Task IssueToken_adds_a_working_token_and_keeps_the_old_one()
    {
        var created = (await _app.SendAsync(Actor.System, new CreateUserCommand("frank"))).Value;

        var issued = await _app.SendAsync(Actor.System, new IssueTokenCommand("frank"));

        issued.ShouldHaveStatus(ResultStatus.Ok);
        issued.Value.UserId.ShouldBe(created.UserId);
        issued.Value.Token.ShouldNotBe(created.Token);
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(issued.Value.Token), AppHarness.Ct)).ShouldNotBeNull();
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(created.Token), AppHarness.Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task IssueToken_and_RevokeTokens_answer_not_found_for_an_unknown_user()
    {
        (await _app.SendAsync(Actor.System, new IssueTokenCommand("nobody"))).ShouldHaveStatus(ResultStatus.NotFound);
        (await _app.SendAsync(Actor.System, new RevokeTokensCommand("nobody"))).ShouldHaveStatus(ResultStatus.NotFound);
    }

    [Fact]
    public async Task IssueToken_and_RevokeTokens_refuse_a_bad_name()
    {
        (await _app.SendAsync(Actor.System, new IssueTokenCommand(""))).ShouldBeInvalidOn("userName");
        (await _app.SendAsync(Actor.System, new RevokeTokensCommand(new string('x', 65)))).ShouldBeInvalidOn("userName");
    }

    [Fact]
    public async Task RevokeTokens_stops_every_token_of_the_user_at_once()
    {
        var created = (await _app.SendAsync(Actor.System, new CreateUserCommand("grace"))).Value;
        var extra = (await _app.SendAsync(Actor.System, new IssueTokenCommand("grace"))).Value;
        var other = (await _app.SendAsync(Actor.System, new CreateUserCommand("heidi"))).Value;
        // Signed in once, so a cache would know the token.
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(created.Token), AppHarness.Ct)).ShouldNotBeNull();

        var revoked = await _app.SendAsync(Actor.System, new RevokeTokensCommand("grace"));

        revoked.ShouldHaveStatus(ResultStatus.Ok);
        revoked.Value.ShouldBe(2);
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(created.Token), AppHarness.Ct)).ShouldBeNull();
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(extra.Token), AppHarness.Ct)).ShouldBeNull();
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(other.Token), AppHarness.Ct)).ShouldNotBeNull();
        (await _app.SendAsync(Actor.System, new RevokeTokensCommand("grace"))).Value.ShouldBe(0);
    }

    [Fact]
    public async Task A_revoke_by_another_process_on_the_same_data_directory_takes_effect_at_once()
    {
        // The operator's `tokens revoke` runs as its own process while the server keeps serving.
        var created = (await _app.SendAsync(Actor.System, new CreateUserCommand("ivan"))).Value;
        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(created.Token), AppHarness.Ct)).ShouldNotBeNull();

        await using (var operatorCli = new AppHarness(dataDir: _app.DataDir))
            (await operatorCli.SendAsync(Actor.System, new RevokeTokensCommand("ivan"))).Value.ShouldBe(1);

        (await Users.FindByTokenHashAsync(ApiTokenSecret.Hash(created.Token), AppHarness.Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetCurrentUser_answers_the_callers_id()
    {
        var user = await _app.CreateUserAsync();

        var me = await _app.SendAsync(user, new GetCurrentUserQuery());

        me.ShouldHaveStatus(ResultStatus.Ok);
        me.Value.Id.ShouldBe(user.UserId!.Value);
    }

    [Fact]
    public async Task GetCurrentUser_needs_a_signed_in_user()
    {
        (await _app.SendAsync(Actor.Anonymous, new GetCurrentUserQuery())).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAsync(Actor.System, new GetCurrentUserQuery())).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}
