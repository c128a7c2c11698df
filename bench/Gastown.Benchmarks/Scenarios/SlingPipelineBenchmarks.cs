using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Dapper;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Dispatch;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Users.CreateUser;
using Gastown.Benchmarks.Support;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 1: one sling through the mediator (scope, actor, logging → authorization → validation → handler, the
/// Slinger's reads and writes in one BEGIN IMMEDIATE transaction, the Quartz arm after commit) against the bare
/// Dapper transaction that writes the same final rows. The services are the server's own (AddApplication +
/// AddInfrastructure), without HTTP and with the Quartz scheduler not started: arming is measured, ticks are not
/// (they are the alarm's work, not the sling's).
/// <para>Shapes, each with a fresh iteration state (IterationSetup, 40 slings per iteration over 8 rigs):</para>
/// <list type="bullet">
/// <item><c>hooked</c>: every rig has 5 idle polecats, so the sling hooks one (bead, agent, 4 events, alarm).</item>
/// <item><c>queued</c>: every rig is at its cap of 5 busy polecats, so the bead is queued (bead, 1 event, alarm).</item>
/// <item><c>queued-10k</c>: the same with 10,000 beads already queued on each rig (the queue check must stay constant-time).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class SlingPipelineBenchmarks
{
    public const int RigCount = 8;
    public const int PolecatsPerRig = 5;
    public const int SlingsPerIteration = RigCount * PolecatsPerRig;
    public const int DeepQueue = 10_000;

    private ServiceProvider? _services;
    private string _dataDir = "";
    private Actor _actor = Actor.Anonymous;
    private Guid[] _rigs = [];
    private string[] _rigPaths = [];
    private string[][] _agents = [];
    private string _metadataJson = "";
    private long _seedCutoff;
    private int _next;

    public static bool Quick { get; set; }

    public static IEnumerable<string> Shapes => Quick ? ["hooked", "queued"] : ["hooked", "queued", "queued-10k"];

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "hooked";

    private bool Hooked => Shape == "hooked";

    [GlobalSetup]
    public void GlobalSetup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("gastown-bench-sling-").FullName;
        _services = InProcessServices.Build(new Dictionary<string, string?>
        {
            ["Gastown:DataDir"] = _dataDir,
            ["Gastown:MaxPolecatsPerRig"] = PolecatsPerRig.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var user = (await SendAsync(new CreateUserCommand("bench"), Actor.System)).Value;
        _actor = Actor.ForUser(user.UserId);
        _metadataJson = JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = Slinger.DefaultModel, ["slung_by"] = user.UserId.ToString() });
        var town = (await SendAsync(new CreateTownCommand("bench"), _actor)).Value;
        _rigs = new Guid[RigCount];
        _rigPaths = new string[RigCount];
        _agents = new string[RigCount][];
        for (var r = 0; r < RigCount; r++)
        {
            _rigs[r] = (await SendAsync(new CreateRigCommand(town.Id, $"rig-{r}", $"https://example.com/bench/rig-{r}.git", null), _actor)).Value.Id;
            _rigPaths[r] = LedgerFiles.Path(_dataDir, _rigs[r]);
            // Five slings register and hook the rig's five polecats (then the rig is at its cap).
            var agents = new List<string>();
            for (var p = 0; p < PolecatsPerRig; p++)
            {
                var slung = await SlingAsync(_rigs[r]);
                agents.Add(slung.Agent!.Id.ToString());
            }
            _agents[r] = [.. agents];
        }

        _seedCutoff = 0;
        if (Shape == "queued-10k")
        {
            var oldest = LedgerFiles.Micros(DateTimeOffset.UtcNow.AddDays(-30));
            foreach (var path in _rigPaths) LedgerFiles.InsertBeads(path, DeepQueue, oldest, 1_000, _ => ("open", null), "queued");
            _seedCutoff = LedgerFiles.Micros(DateTimeOffset.UtcNow);
        }
        await WarmUpAsync(town.Id);
        Report.Note($"sling shape {Shape}: plan of the sling's queue check: {LedgerFiles.Plan(_rigPaths[0], LedgerFiles.HasQueuedBeadsSql)}; "
                    + $"of the tick's queue listing: {LedgerFiles.Plan(_rigPaths[0], LedgerFiles.QueuedBeadsSql, new { limit = 50 })}");
    }

    /// <summary>
    /// Runs both paths a few thousand times on a rig of its own before measuring, so the JIT has tiered the code up
    /// (a server runs its steady state for hours; BenchmarkDotNet's own warm-up is too short for that here).
    /// </summary>
    private async Task WarmUpAsync(Guid townId)
    {
        var rig = (await SendAsync(new CreateRigCommand(townId, "warm-up", "https://example.com/bench/warm-up.git", null), _actor)).Value.Id;
        var path = LedgerFiles.Path(_dataDir, rig);
        var agents = new List<string>();
        for (var p = 0; p < PolecatsPerRig; p++) agents.Add((await SlingAsync(rig)).Agent!.Id.ToString());
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(Quick ? 2 : 4);
        while (DateTime.UtcNow < until)
        {
            using (var connection = LedgerFiles.Open(path))
            {
                connection.Execute("UPDATE agents SET status = 'idle', hooked_bead_id = NULL");
                connection.Execute("DELETE FROM beads WHERE status = 'open'");
            }
            for (var i = 0; i < 2 * PolecatsPerRig; i++) await SlingAsync(rig);   // five hooked, five queued
            foreach (var agent in agents) await BareWriteAsync(path, agent);
            for (var i = 0; i < PolecatsPerRig; i++) await BareWriteAsync(path, null);
        }
        await Task.Delay(500);   // let the background tier-1 compilations land
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        _services?.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Every iteration starts from the same state: polecats free (hooked) or no bead queued beyond the seed (queued).</summary>
    [IterationSetup]
    public void IterationSetup()
    {
        _next = 0;
        foreach (var path in _rigPaths)
        {
            using var connection = LedgerFiles.Open(path);
            if (Hooked)
                connection.Execute("UPDATE agents SET status = 'idle', hooked_bead_id = NULL");
            else
                connection.Execute("DELETE FROM beads WHERE status = 'open' AND assignee_agent_id IS NULL AND created_at >= @cutoff", new { cutoff = _seedCutoff });
        }
    }

    /// <summary>The baseline: one BEGIN IMMEDIATE transaction writing the sling's final rows with Dapper, nothing read.</summary>
    [Benchmark(Baseline = true)]
    public Task BareDapperWrite()
    {
        var n = _next++;
        var rig = n % RigCount;
        return BareWriteAsync(_rigPaths[rig], Hooked ? _agents[rig][n / RigCount % PolecatsPerRig] : null);
    }

    private async Task BareWriteAsync(string path, string? agentId)
    {
        var now = LedgerFiles.Micros(DateTimeOffset.UtcNow);
        var beadId = Guid.NewGuid().ToString();
        var hooked = agentId is not null;
        await using var connection = new SqliteConnection(LedgerFiles.ConnectionString(path));
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA synchronous = NORMAL;");
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync("""
            INSERT INTO beads (id, type, status, title, body, priority, assignee_agent_id, labels, metadata,
                               dispatch_attempts, last_dispatch_attempt_at, escalated_at, created_at, updated_at, closed_at)
            VALUES (@id, 'issue', @status, 'bench sling', NULL, 'medium', @agentId, '[]', @metadata, 0, NULL, NULL, @now, @now, NULL)
            """, new { id = beadId, status = hooked ? "in_progress" : "open", agentId, metadata = _metadataJson, now }, transaction);
        const string insertEvent = """
            INSERT INTO bead_events (bead_id, agent_id, type, old_value, new_value, metadata, created_at)
            VALUES (@beadId, @agentId, @type, @oldValue, @newValue, '{}', @now)
            """;
        await connection.ExecuteAsync(insertEvent, new { beadId, agentId = (string?)null, type = "created", oldValue = (string?)null, newValue = "issue", now }, transaction);
        if (hooked)
        {
            await connection.ExecuteAsync("UPDATE agents SET hooked_bead_id = @beadId, updated_at = @now WHERE id = @agentId", new { beadId, agentId, now }, transaction);
            await connection.ExecuteAsync(insertEvent, new { beadId, agentId, type = "assigned", oldValue = (string?)null, newValue = agentId, now }, transaction);
            await connection.ExecuteAsync(insertEvent, new { beadId, agentId, type = "hooked", oldValue = (string?)null, newValue = "bench/polecats/x", now }, transaction);
            await connection.ExecuteAsync(insertEvent, new { beadId, agentId, type = "status_changed", oldValue = "open", newValue = "in_progress", now }, transaction);
        }
        await connection.ExecuteAsync("INSERT OR REPLACE INTO kv (key, value) VALUES ('alarm_due_at', @due)", new { due = now.ToString(System.Globalization.CultureInfo.InvariantCulture) }, transaction);
        await transaction.CommitAsync();
    }

    /// <summary>The same sling through the server's pipeline, as the HTTP controller sends it (a scope per request).</summary>
    [Benchmark]
    public async Task MediatorSling()
    {
        var rig = _next++ % RigCount;
        var result = await SlingAsync(_rigs[rig]);
        if (Hooked == result.Queued) throw new InvalidOperationException($"Shape {Shape} but the sling was {(result.Queued ? "queued" : "hooked")}.");
    }

    // ---- Breakdown: where the pipeline's time goes (not goals; the doc uses them to explain the ratio) ----------

    /// <summary>The Slinger (the handler's work: reads, writes, commit, arm) without the mediator and its behaviours.</summary>
    [Benchmark]
    public async Task SlingerWithoutMediator()
    {
        var rig = _next++ % RigCount;
        await using var scope = _services!.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(_actor);
        await scope.ServiceProvider.GetRequiredService<Slinger>().SlingAsync(_rigs[rig], "bench sling", null, null, _actor.UserId!.Value.ToString(), CancellationToken.None);
    }

    /// <summary>Opening a write session on a store and rolling it back: pooled open, two PRAGMAs, BEGIN IMMEDIATE.</summary>
    [Benchmark]
    public async Task OpenWriteSessionOnly()
    {
        var rig = _next++ % RigCount;
        await using var ledger = await _services!.GetRequiredService<ILedgerStores>().OpenAsync(_rigs[rig], LedgerAccess.Write, CancellationToken.None);
    }

    /// <summary>Arming the rig's alarm in Quartz (what CommitAsync does after the commit).</summary>
    [Benchmark]
    public async Task ArmAlarmOnly()
    {
        var rig = _next++ % RigCount;
        await _services!.GetRequiredService<IAlarmScheduler>().ArmAsync(_rigs[rig], DateTimeOffset.UtcNow, CancellationToken.None);
    }

    private async Task<SlingResponse> SlingAsync(Guid rigId)
    {
        var result = await SendAsync(new SlingBeadCommand(rigId, "bench sling", null, null), _actor);
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"sling: {result.Status} {string.Join(" ", result.Errors)}");
    }

    private Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, Actor actor) => _services!.SendAsync(command, actor);
}
