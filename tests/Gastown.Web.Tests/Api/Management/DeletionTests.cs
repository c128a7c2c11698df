using Gastown.Application.Common.Ports;
using Microsoft.Data.Sqlite;
using Gastown.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Web.Tests.Api.Management;

/// <summary>
/// deleteRig and deleteTown while agents work: the answer comes at once (202), then every agent process is gone, the
/// stores and workspaces are removed, nothing is dispatched again, and a restart in the middle finishes the job.
/// </summary>
public abstract class DeletionTests(TestStorage storage) : IAsyncLifetime
{
    protected static readonly Dictionary<string, string?> Settings = new()
    {
        ["Gastown:Alarm:ActiveInterval"] = "00:00:00.200",
        ["Gastown:Container:StopGracePeriod"] = "00:00:01",
        // A polecat that works until it is stopped.
        ["Gastown:Container:Agents:polecat:Command:0"] = "sleep",
        ["Gastown:Container:Agents:polecat:Command:1"] = "600",
    };

    protected readonly string _root = Directory.CreateTempSubdirectory("gastown-deletion-").FullName;
    protected string _origin = null!;

    public async ValueTask InitializeAsync() => _origin = await ManagementHelpers.CreateBareRepositoryAsync(_root, "origin");

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    private static string LedgerFile(GastownApp app, Guid storeId) => Path.Combine(app.DataDir, "ledgers", $"{storeId:N}.db");

    private static string RigWorkspace(GastownApp app, Guid rigId) => Path.Combine(app.DataDir, "workspaces", "rigs", rigId.ToString("N"));

    protected static async Task<List<(Guid Agent, int Pid)>> WorkingAgentsAsync(HttpClient http, Guid rigId, int count) =>
        [.. (await ManagementHelpers.EventuallyAsync(() => http.GetJsonAsync($"/api/rigs/{rigId}/agents"),
                agents => agents.EnumerateArray().Count(a => a.Str("status") == "working" && a.GetProperty("processId").ValueKind == JsonValueKind.Number) == count,
                $"{count} polecats working"))
            .EnumerateArray().Select(a => (a.Id(), a.GetProperty("processId").GetInt32()))];

    protected static async Task NothingLeftAsync(GastownApp app, Guid storeId, IEnumerable<(Guid Agent, int Pid)> agents)
    {
        var management = app.Services.GetRequiredService<ITownManagement>();
        await ManagementHelpers.EventuallyAsync(async () => (await management.ListPendingDeletionsAsync(Json.Ct)).Any(d => d.StoreId == storeId),
            pending => !pending, "the deletion to finish");
        foreach (var (_, pid) in agents) ManagementHelpers.ProcessExists(pid).ShouldBeFalse($"agent process {pid} is still there");
        app.Services.GetRequiredService<ILedgerStores>().Exists(storeId).ShouldBeFalse();
        File.Exists(LedgerFile(app, storeId)).ShouldBeFalse();
        File.Exists(LedgerFile(app, storeId) + "-wal").ShouldBeFalse();
        Directory.Exists(RigWorkspace(app, storeId)).ShouldBeFalse();
    }

    /// <summary>Nothing is started again for the deleted agents: watched over a window of many alarm intervals.</summary>
    protected static async Task NothingRedispatchedAsync(GastownApp app, IEnumerable<Guid> agentIds)
    {
        var container = app.Services.GetRequiredService<ITownContainer>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var agentId in agentIds) container.GetStatus(agentId).State.ShouldBe(AgentProcessState.NotFound);
            await Task.Delay(100, Json.Ct);
        }
    }

    [Fact]
    public async Task DeleteRig_while_agents_work_answers_at_once_and_leaves_no_process_file_or_dispatch()
    {
        await using var app = new GastownApp(Settings, storage: storage);
        var (_, http) = await app.SignInNewUserAsync("alice");
        var town = await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var rig = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _origin }, HttpStatusCode.Created);
        var keep = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "keep", gitUrl = _origin }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "One" }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{rig.Id()}/sling", new { title = "Two" }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{keep.Id()}/sling", new { title = "Kept" }, HttpStatusCode.Created);
        var agents = await WorkingAgentsAsync(http, rig.Id(), 2);
        var kept = await WorkingAgentsAsync(http, keep.Id(), 1);
        Directory.Exists(RigWorkspace(app, rig.Id())).ShouldBeTrue();

        var accepted = await http.DeleteAsync($"/api/rigs/{rig.Id()}", HttpStatusCode.Accepted);
        accepted.Id().ShouldBe(rig.Id());

        // Gone for the user at once.
        await http.GetJsonAsync($"/api/rigs/{rig.Id()}", HttpStatusCode.NotFound);
        (await http.GetJsonAsync($"/api/towns/{town.Id()}/rigs")).EnumerateArray().Select(r => r.Id()).ShouldBe([keep.Id()]);

        await NothingLeftAsync(app, rig.Id(), agents);
        await NothingRedispatchedAsync(app, agents.Select(a => a.Agent));
        // The other rig is untouched, and the deleted agents' names are free again in the town.
        ManagementHelpers.ProcessExists(kept.Single().Pid).ShouldBeTrue();
        Directory.Exists(RigWorkspace(app, keep.Id())).ShouldBeTrue();
        (await app.Services.GetRequiredService<ITownDirectory>().ListAgentNamesAsync(town.Id(), Json.Ct)).Count.ShouldBe(1);
        await http.DeleteAsync($"/api/rigs/{rig.Id()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteTown_while_agents_work_removes_every_rig_store_and_workspace()
    {
        await using var app = new GastownApp(Settings, storage: storage);
        var (_, http) = await app.SignInNewUserAsync("alice");
        var town = await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        var other = await http.PostJsonAsync("/api/towns", new { name = "other" }, HttpStatusCode.Created);
        var web = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _origin }, HttpStatusCode.Created);
        var api = await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "api", gitUrl = _origin }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{web.Id()}/sling", new { title = "One" }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/rigs/{api.Id()}/sling", new { title = "Two" }, HttpStatusCode.Created);
        await http.PostJsonAsync($"/api/towns/{town.Id()}/messages", new { message = "hello mayor" }, HttpStatusCode.Accepted);
        await http.PatchJsonAsync($"/api/towns/{town.Id()}/config", new { envVars = new { SOME = "value" } }, HttpStatusCode.OK);
        var webAgents = await WorkingAgentsAsync(http, web.Id(), 1);
        var apiAgents = await WorkingAgentsAsync(http, api.Id(), 1);
        var agents = webAgents.Concat(apiAgents).ToList();

        var accepted = await http.DeleteAsync($"/api/towns/{town.Id()}", HttpStatusCode.Accepted);
        accepted.GetProperty("pendingStores").GetInt32().ShouldBe(3);

        await http.GetJsonAsync($"/api/towns/{town.Id()}", HttpStatusCode.NotFound);
        await http.GetJsonAsync($"/api/rigs/{web.Id()}", HttpStatusCode.NotFound);
        (await http.GetJsonAsync("/api/towns")).EnumerateArray().Select(t => t.Id()).ShouldBe([other.Id()]);

        await NothingLeftAsync(app, web.Id(), webAgents);
        await NothingLeftAsync(app, api.Id(), apiAgents);
        await NothingLeftAsync(app, town.Id(), []);
        Directory.Exists(Path.Combine(app.DataDir, "workspaces", "towns", town.Id().ToString("N"))).ShouldBeFalse();
        await NothingRedispatchedAsync(app, agents.Select(a => a.Agent));
        (await app.Services.GetRequiredService<ITownManagement>().GetTownConfigAsync(town.Id(), Json.Ct)).EnvVarsProtected.ShouldBeNull();

        // The name is free again.
        await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
    }

    [Fact]
    public async Task DeleteTown_with_nothing_to_clean_answers_204()
    {
        await using var app = new GastownApp(storage: storage);
        var (_, http) = await app.SignInNewUserAsync("alice");
        var town = await http.PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
        await http.DeleteAsync($"/api/towns/{town.Id()}", HttpStatusCode.NoContent);
        await http.GetJsonAsync($"/api/towns/{town.Id()}", HttpStatusCode.NotFound);
    }
}

/// <summary>
/// The SQLite run, plus a restart in the middle of a delete, written straight into the SQLite directory file (the
/// PostgreSQL twin of that write is the same port call, covered by the store tests).
/// </summary>
public sealed class SqliteDeletionTests() : DeletionTests(TestStorage.Sqlite)
{
    [Fact]
    public async Task A_restart_in_the_middle_of_a_delete_finishes_it()
    {
        var dataDir = Path.Combine(_root, "data");
        Guid rigId;
        List<(Guid Agent, int Pid)> agents;
        GastownUser alice;
        await using (var first = new GastownApp(Settings, dataDir: dataDir))
        {
            HttpClient http;
            (alice, http) = await first.SignInNewUserAsync("alice");
            var town = await first.CreateClientFor(alice).PostJsonAsync("/api/towns", new { name = "alpha" }, HttpStatusCode.Created);
            rigId = (await http.PostJsonAsync($"/api/towns/{town.Id()}/rigs", new { name = "web", gitUrl = _origin }, HttpStatusCode.Created)).Id();
            await http.PostJsonAsync($"/api/rigs/{rigId}/sling", new { title = "One" }, HttpStatusCode.Created);
            agents = await WorkingAgentsAsync(http, rigId, 1);
        }

        // The server went down right after deleteRig committed and before its background half ran: the rig's rows are
        // gone and the pending deletion is recorded (exactly what deleteRig writes in its one transaction), while the
        // ledger file and the workspace are still on disk.
        await using (var directory = new SqliteConnection($"Data Source={Path.Combine(dataDir, "directory.db")};Pooling=False"))
        {
            await directory.OpenAsync(Json.Ct);
            await using var command = directory.CreateCommand();
            command.CommandText = """
                BEGIN;
                INSERT INTO pending_deletions (store_id, kind, town_id, agent_ids, created_at)
                  SELECT id, 'rig', town_id, $agents, 0 FROM rigs WHERE id = $rig;
                DELETE FROM agent_registry WHERE store_id = $rig;
                DELETE FROM rigs WHERE id = $rig;
                COMMIT;
                """;
            command.Parameters.AddWithValue("$rig", rigId.ToString());
            command.Parameters.AddWithValue("$agents", JsonSerializer.Serialize(agents.Select(a => a.Agent.ToString())));
            await command.ExecuteNonQueryAsync(Json.Ct);
        }
        File.Exists(Path.Combine(dataDir, "ledgers", $"{rigId:N}.db")).ShouldBeTrue();
        Directory.Exists(Path.Combine(dataDir, "workspaces", "rigs", rigId.ToString("N"))).ShouldBeTrue();

        await using var second = new GastownApp(Settings, dataDir: dataDir);
        await NothingLeftAsync(second, rigId, agents);
        await NothingRedispatchedAsync(second, agents.Select(a => a.Agent));
        await second.CreateClientFor(alice).GetJsonAsync($"/api/rigs/{rigId}", HttpStatusCode.NotFound);
    }
}

public sealed class PostgresDeletionTests(PostgresFixture postgres) : DeletionTests(TestStorage.Postgres(postgres));
