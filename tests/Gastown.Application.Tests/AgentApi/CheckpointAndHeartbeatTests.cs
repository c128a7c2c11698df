using Ardalis.Result;
using Gastown.Application.AgentApi.CloseBead;
using Gastown.Application.AgentApi.Heartbeat;
using Gastown.Application.AgentApi.SaveCheckpoint;
using Gastown.Application.Tests.Support;
using Gastown.Domain.Beads;

namespace Gastown.Application.Tests.AgentApi;

public abstract class SaveCheckpointTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Keeps_the_checkpoint_on_the_agent_and_notes_it_on_the_hooked_bead()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = _app.Clock.GetUtcNow();
        const string data = """{"step":3,"files":["a.cs","b.cs"]}""";

        var result = await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, data));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.Checkpoint.ShouldBe(data);
        var agent = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);
        agent.Checkpoint.ShouldBe(data);
        agent.LastActivityAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before);
        var checkpointed = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Last();
        checkpointed.Type.ShouldBe(BeadEventType.Checkpointed);
        checkpointed.AgentId.ShouldBe(polecat.Agent.Id);
    }

    [Fact]
    public async Task A_later_checkpoint_replaces_the_earlier_one()
    {
        var polecat = await _app.SlingToNewPolecatAsync();

        await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, """{"step":1}"""));
        await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, """{"step":2}"""));

        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).Checkpoint.ShouldBe("""{"step":2}""");
    }

    [Fact]
    public async Task Without_a_hooked_bead_no_event_is_written()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        await _app.SendAsync(polecat.Session(), new CloseBeadCommand(polecat.Agent.Id, polecat.Bead.Id));
        var events = (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count;

        (await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, "[]"))).ShouldSucceed();

        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Count.ShouldBe(events);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"step\":")]
    [InlineData("{'single':'quotes'}")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Refuses_what_is_not_json(string? data)
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = await _app.SnapshotAsync(polecat.Rig.Id);

        (await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, data!))).ShouldBeInvalidOn("data");

        (await _app.SnapshotAsync(polecat.Rig.Id)).ShouldBe(before);
    }

    [Fact]
    public async Task Refuses_a_checkpoint_too_large()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var large = $"\"{new string('x', SaveCheckpointCommand.MaxLength)}\"";

        (await _app.SendAsync(polecat.Session(), new SaveCheckpointCommand(polecat.Agent.Id, large))).ShouldBeInvalidOn("data");

        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).Checkpoint.ShouldBeNull();
    }
}

public abstract class HeartbeatTests(TestStorage storage) : IAsyncLifetime
{
    private readonly AppHarness _app = new(storage: storage);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Records_the_agents_last_activity()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        polecat.Agent.LastActivityAt.ShouldBeNull();
        var before = _app.Clock.GetUtcNow();

        var result = await _app.SendAsync(polecat.Session(), new HeartbeatCommand(polecat.Agent.Id));

        result.ShouldHaveStatus(ResultStatus.Ok);
        result.Value.ShouldBeInRange(before, _app.Clock.GetUtcNow());
        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).LastActivityAt.ShouldBe(result.Value);
    }

    [Fact]
    public async Task Changes_nothing_else()
    {
        var polecat = await _app.SlingToNewPolecatAsync();
        var before = await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id);

        var beat = (await _app.SendAsync(polecat.Session(), new HeartbeatCommand(polecat.Agent.Id))).Value;

        (await _app.GetAgentAsync(polecat.Rig.Id, polecat.Agent.Id)).ShouldBe(before with { LastActivityAt = beat });
        (await _app.GetEventsAsync(polecat.Rig.Id, polecat.Bead.Id)).Select(e => e.Type).ShouldNotContain(BeadEventType.Checkpointed);
    }
}

public sealed class SqliteSaveCheckpointTests() : SaveCheckpointTests(TestStorage.Sqlite);

public sealed class PostgresSaveCheckpointTests(PostgresFixture postgres) : SaveCheckpointTests(TestStorage.Postgres(postgres));

public sealed class SqliteHeartbeatTests() : HeartbeatTests(TestStorage.Sqlite);

public sealed class PostgresHeartbeatTests(PostgresFixture postgres) : HeartbeatTests(TestStorage.Postgres(postgres));
