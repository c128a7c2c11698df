using Ardalis.Result;
using Gastown.Application.AgentApi.CheckMail;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Done;
using Gastown.Application.AgentApi.Escalate;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.AgentApi.Prime;
using Gastown.Application.AgentApi.SaveCheckpoint;
using Gastown.Application.AgentApi.SendMail;
using Gastown.Application.AgentApi.SetAgentStatus;
using Gastown.Application.AgentApi.UpdateBeadStatus;
using Gastown.Application.Common.Security;
using Gastown.Application.Tests.Support;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Application.Tests.AgentApi;

/// <summary>
/// The agent plane's rules, the same for every agent route: only an agent session (a user → Unauthorized), only its
/// own agent (another → Forbidden), only its current generation (an older one → Conflict, and nothing changes).
/// </summary>
public abstract class AgentAccessTests(TestStorage storage) : IAsyncLifetime
{
    public static readonly TheoryData<string> Routes =
        ["prime", "done", "update-status", "close", "send-mail", "check-mail", "escalate", "checkpoint", "heartbeat", "set-status"];

    // The real stores, counting the sessions opened.
    private readonly AppHarness _app = new(configure: CountingLedgerStores.Register, storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A valid call of the route about <paramref name="agentId"/>'s bead <paramref name="beadId"/>.</summary>
    private static IMessage Call(string route, Guid agentId, Guid beadId) => route switch
    {
        "prime" => new PrimeQuery(agentId),
        "done" => new DoneCommand(agentId, null, "All done."),
        "update-status" => new UpdateBeadStatusCommand(agentId, beadId, "open"),
        "close" => new CloseBeadCommand(agentId, beadId),
        "send-mail" => new SendMailCommand(agentId, agentId.ToString(), "Note to self", "Remember the tests."),
        "check-mail" => new CheckMailCommand(agentId),
        "escalate" => new EscalateCommand(agentId, "Help", "I am stuck.", "high"),
        "checkpoint" => new SaveCheckpointCommand(agentId, """{"step":2}"""),
        "heartbeat" => new HeartbeatCommand(agentId),
        "set-status" => new SetAgentStatusCommand(agentId, "running the tests"),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>An invalid call of the route (only routes with more than an agent id have something to get wrong).</summary>
    private static IMessage? InvalidCall(string route, Guid agentId, Guid beadId) => route switch
    {
        "done" => new DoneCommand(agentId, "bad..branch", null),
        "update-status" => new UpdateBeadStatusCommand(agentId, beadId, "closed"),
        "send-mail" => new SendMailCommand(agentId, "", "", null!),
        "escalate" => new EscalateCommand(agentId, "", null, "urgent"),
        "checkpoint" => new SaveCheckpointCommand(agentId, "not json"),
        "set-status" => new SetAgentStatusCommand(agentId, "two\nlines"),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_agent_itself_may_call_it(string route)
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        var result = await _app.SendAnyAsync(polecat.Session(), Call(route, polecat.Agent.Id, polecat.Bead.Id));

        result.Status.ShouldBeOneOf(ResultStatus.Ok, ResultStatus.Created);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_user_is_not_an_agent(string route)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAnyAsync(polecat.Owner, Call(route, polecat.Agent.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAnyAsync(Actor.Anonymous, Call(route, polecat.Agent.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAnyAsync(Actor.System, Call(route, polecat.Agent.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Unauthorized);

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_agents_session_is_forbidden(string route)
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Another bead");
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        // Maple's own, current session, reaching for Toast's routes.
        (await _app.SendAnyAsync(maple.Session(), Call(route, toast.Agent.Id, toast.Bead.Id))).ShouldHaveStatus(ResultStatus.Forbidden);

        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_session_of_an_agent_that_does_not_exist_is_forbidden(string route)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var ghost = Guid.NewGuid();
        var session = AgentPlane.SessionOf(polecat.Rig.Id, polecat.Town.Id, polecat.Owner.UserId!.Value, ghost, 0);

        (await _app.SendAnyAsync(session, Call(route, ghost, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_stale_generation_is_a_conflict_and_changes_nothing(string route)
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Another bead");
        (await _app.SendAsync(maple.Session(), new SendMailCommand(maple.Agent.Id, toast.Agent.Identity, "Hi", "Unread until Toast checks."))).ShouldSucceed();
        // The alarm dispatches both polecats: generation 1 each.
        (await _app.TickAsync(toast.Rig.Id)).Dispatched.ShouldBe(2);
        (await _app.GetAgentAsync(toast.Rig.Id, toast.Agent.Id)).Generation.ShouldBe(1);
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        // A late call from the process of generation 0.
        var result = await _app.SendAnyAsync(toast.Session(generation: 0), Call(route, toast.Agent.Id, toast.Bead.Id));

        result.ShouldHaveStatus(ResultStatus.Conflict);
        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
        // The current generation is served.
        (await _app.SendAnyAsync(toast.Session(generation: 1), Call(route, toast.Agent.Id, toast.Bead.Id))).Status
            .ShouldBeOneOf(ResultStatus.Ok, ResultStatus.Created);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_session_from_the_future_is_a_conflict_too(string route)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAnyAsync(polecat.Session(generation: 7), Call(route, polecat.Agent.Id, polecat.Bead.Id))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Authorization_comes_before_validation(string route)
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var maple = await _app.SlingAsync(toast.Owner, toast.Town, toast.Rig, "Another bead");
        if (InvalidCall(route, toast.Agent.Id, toast.Bead.Id) is not { } invalid) return;

        (await _app.SendAnyAsync(toast.Owner, invalid)).ShouldHaveStatus(ResultStatus.Unauthorized);
        (await _app.SendAnyAsync(maple.Session(), invalid)).ShouldHaveStatus(ResultStatus.Forbidden);
        (await _app.SendAnyAsync(toast.Session(), invalid)).ShouldHaveStatus(ResultStatus.Invalid);
    }

    /// <summary>
    /// The generation is not the authorizer's business (it checks the token's claims only, without opening the
    /// store): it is checked in the handler's own transaction. So a stale session's invalid call is invalid, and its
    /// valid call a conflict; neither changes anything.
    /// </summary>
    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_stale_session_is_validated_first_then_refused_in_the_handlers_transaction(string route)
    {
        var toast = await _app.SlingToNewPolecatAsync();
        var before = await _app.SnapshotAsync(toast.Rig.Id);

        if (InvalidCall(route, toast.Agent.Id, toast.Bead.Id) is { } invalid)
            (await _app.SendAnyAsync(toast.Session(generation: 3), invalid)).ShouldHaveStatus(ResultStatus.Invalid);
        (await _app.SendAnyAsync(toast.Session(generation: 3), Call(route, toast.Agent.Id, toast.Bead.Id))).ShouldHaveStatus(ResultStatus.Conflict);

        (await _app.SnapshotAsync(toast.Rig.Id)).ShouldBe(before);
    }

    /// <summary>
    /// The authorizer reads only the token's claims; the handler opens the store once and checks the generation in
    /// that same session.
    /// </summary>
    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_agent_call_opens_its_store_once(string route)
    {
        var stores = _app.Services.GetRequiredService<CountingLedgerStores>();
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = stores.Opens;

        (await _app.SendAnyAsync(polecat.Session(), Call(route, polecat.Agent.Id, polecat.Bead.Id))).Status
            .ShouldBeOneOf(ResultStatus.Ok, ResultStatus.Created);

        (stores.Opens - before).ShouldBe(1);
    }
}

public sealed class SqliteAgentAccessTests() : AgentAccessTests(TestStorage.Sqlite);

public sealed class PostgresAgentAccessTests(PostgresFixture postgres) : AgentAccessTests(TestStorage.Postgres(postgres));
