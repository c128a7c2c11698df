using Ardalis.Result;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Gastown.Application.Users.CreateUser;
using Gastown.Application.Users.EnsureAdminUser;
using Gastown.Application.Users.IssueToken;
using Gastown.Application.Users.ListUsers;
using Gastown.Application.Users.RevokeTokens;
using Microsoft.Extensions.DependencyInjection;
using Gastown.Application.Common.Ports;

namespace Gastown.Application.Tests.Pipeline;

/// <summary>The operator's and the alarm's requests: only the system actor may send them.</summary>
public sealed class SystemOnlyTests : IAsyncLifetime
{
    private readonly AppHarness _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static TheoryData<string> Callers => ["anonymous", "user"];

    private async Task<Actor> CallerAsync(string caller) => caller == "user" ? await _app.CreateUserAsync() : Actor.Anonymous;

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task CreateUser_is_refused(string caller)
    {
        var actor = await CallerAsync(caller);
        (await _app.SendAsync(actor, new CreateUserCommand("mallory"))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.Services.GetRequiredService<IUserDirectory>().FindByNameAsync("mallory", AppHarness.Ct)).ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EnsureAdminUser_is_refused(string caller)
    {
        var actor = await CallerAsync(caller);
        (await _app.SendAsync(actor, new EnsureAdminUserCommand())).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task ListUsers_is_refused(string caller)
    {
        var actor = await CallerAsync(caller);
        (await _app.SendAsync(actor, new ListUsersQuery())).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task IssueToken_is_refused(string caller)
    {
        var actor = await CallerAsync(caller);
        await _app.SendAsync(Actor.System, new CreateUserCommand("victim"));
        (await _app.SendAsync(actor, new IssueTokenCommand("victim"))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task RevokeTokens_is_refused(string caller)
    {
        var actor = await CallerAsync(caller);
        await _app.SendAsync(Actor.System, new CreateUserCommand("victim"));
        (await _app.SendAsync(actor, new RevokeTokensCommand("victim"))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAsync(Actor.System, new ListUsersQuery())).Value.Single(user => user.Name == "victim").ActiveTokens.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task RunAlarmTick_is_refused(string caller)
    {
        var (owner, _, rig) = await _app.CreateUserWithRigAsync();
        var actor = caller == "user" ? owner : Actor.Anonymous;
        (await _app.SendAsync(actor, new RunAlarmTickCommand(rig.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }

    [Fact]
    public async Task Refusal_comes_before_validation()
    {
        var user = await _app.CreateUserAsync();
        (await _app.SendAsync(user, new CreateUserCommand(""))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAsync(user, new RunAlarmTickCommand(Guid.Empty))).ShouldHaveStatus(ResultStatus.Unauthorized);
    }
}
