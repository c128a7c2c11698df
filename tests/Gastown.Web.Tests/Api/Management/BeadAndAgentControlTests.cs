using Gastown.Application.Common.Ports;
using Gastown.Infrastructure.Container;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>updateBead, cancelBead, retryBead, deleteBead, resetAgent, deleteAgent, getAlarmStatus, against real agent processes.</summary>
public sealed class BeadAndAgentControlTests : IAsyncLifetime
{
    private readonly string _repos = Directory.CreateTempSubdirectory("gastown-bead-ctl-").FullName;
    private GastownApp _app = null!;
    private HttpClient _http = null!;
    private Guid _townId;
    private Guid _rigId;

    public async ValueTask InitializeAsync()
    {
        var origin = await ManagementHelpers.CreateBareRepositoryAsync(_repos, "origin");
        _app = new GastownApp(new Dictionary<string, string?>
        {
            ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
            ["Gastown:Alarm:DispatchBackoff:0"] = "00:00:00.100",
            ["Gastown:Alarm:MaxDispatchAttempts"] = "2",
            ["Gastown:Container:StopGracePeriod"] = "00:00:01",
            // A polecat that works until it is stopped.
            ["Gastown:Container:Agents:polecat:Command:0"] = "sleep",
            ["Gastown:Container:Agents:polecat:Command:1"] = "600",
        });
        (_, _http) = await _app.SignInNewUserAsync("alice");
        _townId = (await _http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created)).Id();
        _rigId = (await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "web", gitUrl = origin }, HttpStatusCode.Created)).Id();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_repos, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private ITownContainer Container => _app.Services.GetRequiredService<ITownContainer>();

    private async Task<JsonElement> BeadAsync(Guid beadId) =>
        (await _http.GetJsonAsync($"/api/rigs/{_rigId}/beads?limit=500")).EnumerateArray().Single(b => b.Id() == beadId);

    private async Task<JsonElement?> AgentAsync(Guid agentId) =>
        (await _http.GetJsonAsync($"/api/rigs/{_rigId}/agents")).EnumerateArray().Cast<JsonElement?>().SingleOrDefault(a => a!.Value.Id() == agentId);

    /// <summary>Slings a bead and waits until its polecat's process runs; answers the bead, the agent and the pid.</summary>
    private async Task<(Guid Bead, Guid Agent, int Pid)> WorkingAsync(string title = "Work")
    {
        var sling = await _http.PostJsonAsync($"/api/rigs/{_rigId}/sling", new { title }, HttpStatusCode.Created);
        var agentId = sling.GetProperty("agent").Id();
        var agent = await ManagementHelpers.EventuallyAsync(async () => await AgentAsync(agentId),
            a => a is { } found && found.Str("status") == "working" && found.GetProperty("processId").ValueKind == JsonValueKind.Number, "the polecat to work");
        return (sling.GetProperty("bead").Id(), agentId, agent!.Value.GetProperty("processId").GetInt32());
    }

    [Fact]
    public async Task UpdateBead_changes_title_body_priority_and_labels_with_an_updated_event()
    {
        var beadId = (await _http.PostJsonAsync($"/api/rigs/{_rigId}/sling", new { title = "Old", body = "old body" }, HttpStatusCode.Created)).GetProperty("bead").Id();
        var updated = await _http.PatchJsonAsync($"/api/rigs/{_rigId}/beads/{beadId}",
            new { title = "New", body = "", priority = "high", labels = new[] { "ui", "urgent" } }, HttpStatusCode.OK);
        (updated.Str("title"), updated.Str("priority")).ShouldBe(("New", "high"));
        updated.GetProperty("body").ValueKind.ShouldBe(JsonValueKind.Null);
        updated.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ShouldBe(["ui", "urgent"]);
        (await BeadAsync(beadId)).Str("title").ShouldBe("New");
        var events = await _http.GetJsonAsync($"/api/rigs/{_rigId}/beads/{beadId}/events");
        events.EnumerateArray().Last(e => e.Str("type") == "updated").Str("newValue").ShouldBe("title,body,priority,labels");
    }

    public static readonly TheoryData<string, string> BadBeadUpdates = new()
    {
        { """{"title":""}""", "title" },
        { $$"""{"title":"{{new string('t', 501)}}"}""", "title" },
        { $$"""{"body":"{{new string('b', 100_001)}}"}""", "body" },
        { """{"priority":"urgent"}""", "priority" },
        { """{"labels":["ok",""]}""", "labels" },
        { """{"labels":["a\u0001"]}""", "labels" },
    };

    [Theory]
    [MemberData(nameof(BadBeadUpdates))]
    public async Task UpdateBead_names_each_bad_field_and_changes_nothing(string body, string field)
    {
        var beadId = (await _http.PostJsonAsync($"/api/rigs/{_rigId}/sling", new { title = "Keep" }, HttpStatusCode.Created)).GetProperty("bead").Id();
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await (await _http.PatchAsync($"/api/rigs/{_rigId}/beads/{beadId}", content, Json.Ct)).ShouldBeValidationProblemOnAsync(field);
        var bead = await BeadAsync(beadId);
        (bead.Str("title"), bead.Str("priority")).ShouldBe(("Keep", "medium"));
    }

    [Fact]
    public async Task CancelBead_stops_its_agent_and_cancels_the_bead_for_good()
    {
        var (beadId, agentId, pid) = await WorkingAsync();

        var cancelled = await _http.PostEmptyAsync($"/api/rigs/{_rigId}/beads/{beadId}/cancel", HttpStatusCode.OK);
        cancelled.Str("status").ShouldBe("cancelled");

        await ManagementHelpers.EventuallyAsync(() => Task.FromResult(ManagementHelpers.ProcessExists(pid)), alive => !alive, "the agent's process to end");
        var agent = (await AgentAsync(agentId))!.Value;
        agent.Str("status").ShouldBe("idle");
        agent.GetProperty("hookedBeadId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await BeadAsync(beadId)).Str("status").ShouldBe("cancelled");
        var events = (await _http.GetJsonAsync($"/api/rigs/{_rigId}/beads/{beadId}/events")).EnumerateArray().Select(e => e.Str("type")).ToList();
        events.ShouldContain("cancelled");
        events.ShouldContain("unhooked");

        await _http.PostEmptyAsync($"/api/rigs/{_rigId}/beads/{beadId}/cancel", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RetryBead_puts_an_escalated_bead_back_in_the_queue_with_fresh_attempts()
    {
        // A rig whose repository is gone: every dispatch fails, and after two attempts the bead escalates.
        var broken = await _http.PostJsonAsync($"/api/towns/{_townId}/rigs", new { name = "broken", gitUrl = Path.Combine(_repos, "gone.git") }, HttpStatusCode.Created);
        var beadId = (await _http.PostJsonAsync($"/api/rigs/{broken.Id()}/sling", new { title = "Doomed" }, HttpStatusCode.Created)).GetProperty("bead").Id();
        async Task<JsonElement> Bead() => (await _http.GetJsonAsync($"/api/rigs/{broken.Id()}/beads?limit=500")).EnumerateArray().Single(b => b.Id() == beadId);
        var escalated = await ManagementHelpers.EventuallyAsync(Bead, b => b.GetProperty("escalatedAt").ValueKind == JsonValueKind.String, "the bead to escalate");
        escalated.GetProperty("dispatchAttempts").GetInt32().ShouldBe(2);
        escalated.Str("lastError").ShouldContain("repository not found");

        var retried = await _http.PostEmptyAsync($"/api/rigs/{broken.Id()}/beads/{beadId}/retry", HttpStatusCode.OK);
        retried.Str("status").ShouldBe("open");
        retried.GetProperty("dispatchAttempts").GetInt32().ShouldBe(0);
        retried.GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.Null);
        retried.GetProperty("lastError").ValueKind.ShouldBe(JsonValueKind.Null);
        var events = (await _http.GetJsonAsync($"/api/rigs/{broken.Id()}/beads/{beadId}/events")).EnumerateArray().Select(e => e.Str("type")).ToList();
        events.ShouldContain("retried");

        // It really is tried again (and escalates again, since the repository is still gone).
        await ManagementHelpers.EventuallyAsync(Bead, b => b.GetProperty("dispatchAttempts").GetInt32() > 0, "a fresh dispatch attempt");
    }

    [Fact]
    public async Task RetryBead_refuses_a_bead_that_is_not_escalated()
    {
        var (beadId, _, _) = await WorkingAsync();
        await _http.PostEmptyAsync($"/api/rigs/{_rigId}/beads/{beadId}/retry", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DeleteBead_stops_its_agent_and_removes_the_bead_and_its_events()
    {
        var (beadId, agentId, pid) = await WorkingAsync();
        await _http.DeleteAsync($"/api/rigs/{_rigId}/beads/{beadId}", HttpStatusCode.NoContent);

        (await _http.GetJsonAsync($"/api/rigs/{_rigId}/beads?limit=500")).EnumerateArray().Select(b => b.Id()).ShouldNotContain(beadId);
        await _http.GetJsonAsync($"/api/rigs/{_rigId}/beads/{beadId}/events", HttpStatusCode.NotFound);
        await ManagementHelpers.EventuallyAsync(() => Task.FromResult(ManagementHelpers.ProcessExists(pid)), alive => !alive, "the agent's process to end");
        (await AgentAsync(agentId))!.Value.GetProperty("hookedBeadId").ValueKind.ShouldBe(JsonValueKind.Null);
        await _http.DeleteAsync($"/api/rigs/{_rigId}/beads/{beadId}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ResetAgent_stops_it_clears_its_hook_and_requeues_its_bead()
    {
        var (beadId, agentId, pid) = await WorkingAsync();
        var generation = (await AgentAsync(agentId))!.Value.GetProperty("generation").GetInt32();

        var reset = await _http.PostEmptyAsync($"/api/rigs/{_rigId}/agents/{agentId}/reset", HttpStatusCode.OK);
        reset.Str("status").ShouldBe("idle");
        reset.GetProperty("hookedBeadId").ValueKind.ShouldBe(JsonValueKind.Null);
        reset.GetProperty("generation").GetInt32().ShouldBeGreaterThan(generation);

        await ManagementHelpers.EventuallyAsync(() => Task.FromResult(ManagementHelpers.ProcessExists(pid)), alive => !alive, "the old process to end");
        // The bead went back to the queue and is picked up again, with fresh attempts.
        var bead = await ManagementHelpers.EventuallyAsync(() => BeadAsync(beadId), b => b.Str("status") == "in_progress", "the bead to be worked again");
        bead.GetProperty("escalatedAt").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task DeleteAgent_stops_and_removes_it_and_requeues_its_bead()
    {
        var (beadId, agentId, pid) = await WorkingAsync();
        await _http.DeleteAsync($"/api/rigs/{_rigId}/agents/{agentId}", HttpStatusCode.NoContent);

        (await AgentAsync(agentId)).ShouldBeNull();
        await ManagementHelpers.EventuallyAsync(() => Task.FromResult(ManagementHelpers.ProcessExists(pid)), alive => !alive, "the process to end");
        await ManagementHelpers.EventuallyAsync(() => Task.FromResult(Container.GetStatus(agentId).State), state => state != AgentProcessState.Running,
            "the container to see the process end");
        await ManagementHelpers.EventuallyAsync(() => BeadAsync(beadId), b => b.Str("status") == "in_progress" && b.Id("assigneeAgentId") != agentId,
            "the bead to go to another polecat");
        await _http.DeleteAsync($"/api/rigs/{_rigId}/agents/{agentId}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetAlarmStatus_shows_the_next_tick_the_last_ticks_phases_and_pending_dispatches()
    {
        await WorkingAsync();
        var status = await ManagementHelpers.EventuallyAsync(() => _http.GetJsonAsync($"/api/rigs/{_rigId}/alarm"),
            s => s.GetProperty("lastTick").ValueKind == JsonValueKind.Object, "a tick to be recorded");
        status.Id("rigId").ShouldBe(_rigId);
        status.Str("nextTickAt").ShouldNotBeNullOrEmpty();
        status.GetProperty("lastTick").GetProperty("phases").PropertyNames().ShouldBe(["patrol", "schedule", "mayor", "review"], ignoreOrder: true);
        status.GetProperty("lastTick").GetProperty("phases").EnumerateObject().ShouldAllBe(p => p.Value.GetString() == "ok" || p.Value.GetString() == "skipped");
        status.GetProperty("pendingDispatches").GetArrayLength().ShouldBe(0);
        status.ShouldBeCamelCaseThroughout();
    }
}
