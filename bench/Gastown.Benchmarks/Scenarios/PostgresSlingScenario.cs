using System.Diagnostics;
using Gastown.Application.Beads.SlingBead;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Users.CreateUser;
using Gastown.Benchmarks.Support;
using Gastown.Domain.Agents;
using Gastown.Testing;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 1b (<c>sling-pg</c>): the same sling through the server's services (AddApplication + AddInfrastructure,
/// Quartz not started, no HTTP) on <c>Gastown:Storage:Provider=postgres</c> against a private PostgreSQL 15 server
/// (started like the tests' <see cref="PostgresServer"/>: initdb in a temp dir, loopback, durability settings as
/// the tests use them) and on the default SQLite, in the same run. Rounds alternate the providers so the machine's
/// noise falls on both; each round resets the rigs through the ports (polecats idle for <c>hooked</c>) and times
/// every sling. Reported: median per sling and postgres ÷ sqlite per shape.
/// </summary>
public static class PostgresSlingScenario
{
    public const string Name = "1b sling on postgres";
    private const int RigCount = 8;
    private const int PolecatsPerRig = 5;

    public static async Task RunAsync(RunOptions options)
    {
        Console.WriteLine($"== {Name}: sling through the pipeline, PostgreSQL vs SQLite (same run)");
        if (PostgresServer.MissingReason() is { } missing)
        {
            Note($"sling-pg skipped: {missing}");
            return;
        }
        await using var server = await PostgresServer.StartAsync();
        var rounds = options.Quick ? 6 : 20;
        foreach (var shape in new[] { "hooked", "queued" })
        {
            await using var sqlite = await Setup.CreateAsync(new Dictionary<string, string?>());
            await using var postgres = await Setup.CreateAsync(new Dictionary<string, string?>
            {
                ["Gastown:Storage:Provider"] = "postgres",
                ["Gastown:Storage:ConnectionString"] = await server.CreateDatabaseAsync("bench"),
                // Required with postgres (decision 0016); one process, so in-memory alarms as the in-process tests use.
                ["Gastown:Cluster:Secret"] = "bench-cluster-secret",
                ["Gastown:Cluster:Alarms"] = "memory",
            });
            var samples = new Dictionary<Setup, List<double>> { [sqlite] = [], [postgres] = [] };
            // Two warm-up rounds each (JIT, pools), then the measured rounds, alternating which provider goes first.
            for (var round = -2; round < rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { sqlite, postgres } : [postgres, sqlite];
                foreach (var setup in order)
                {
                    var times = await setup.RoundAsync(shape == "hooked");
                    if (round >= 0) samples[setup].AddRange(times);
                }
            }
            await postgres.CensusAsync(shape == "hooked");
            var sqliteStats = new Stats(samples[sqlite]);
            var postgresStats = new Stats(samples[postgres]);
            var ratio = postgresStats.P50 / sqliteStats.P50;
            Add(new Figure(Name, $"sling `{shape}` on postgres: median (p99) per sling",
                $"{F(postgresStats.P50 * 1000, "0")} µs ({F(postgresStats.P99 * 1000, "0")} µs)",
                $"sqlite {F(sqliteStats.P50 * 1000, "0")} µs ({F(sqliteStats.P99 * 1000, "0")} µs)",
                $"{F(ratio)}×", "info", null,
                $"{postgresStats.Count} slings each, one thread, PostgreSQL on loopback with fsync off (as in the tests)"));
        }
    }

    /// <summary>One provider's services with a user, a town and 8 rigs of 5 polecats each.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _dataDir;
        private Actor _actor = Actor.Anonymous;
        private Guid[] _rigs = [];

        private Setup(ServiceProvider services, string dataDir) => (_services, _dataDir) = (services, dataDir);

        public static async Task<Setup> CreateAsync(IReadOnlyDictionary<string, string?> storage)
        {
            var dataDir = Directory.CreateTempSubdirectory("gastown-bench-sling-pg-").FullName;
            var settings = new Dictionary<string, string?>
            {
                ["Gastown:DataDir"] = dataDir,
                ["Gastown:MaxPolecatsPerRig"] = $"{PolecatsPerRig}",
            };
            var setup = new Setup(InProcessServices.Build(settings.Concat(storage)), dataDir);

            var user = (await setup.SendAsync(new CreateUserCommand("bench"), Actor.System)).Value;
            setup._actor = Actor.ForUser(user.UserId);
            var town = (await setup.SendAsync(new CreateTownCommand("bench"), setup._actor)).Value;
            setup._rigs = new Guid[RigCount];
            for (var r = 0; r < RigCount; r++)
            {
                setup._rigs[r] = (await setup.SendAsync(new CreateRigCommand(town.Id, $"rig-{r}", $"https://example.com/bench/rig-{r}.git", null), setup._actor)).Value.Id;
                for (var p = 0; p < PolecatsPerRig; p++) await setup.SlingAsync(setup._rigs[r]);
            }
            return setup;
        }

        /// <summary>One sling per polecat of every rig (hooked: after freeing them; queued: with all of them busy); seconds each.</summary>
        public async Task<List<double>> RoundAsync(bool hooked)
        {
            if (hooked) await FreePolecatsAsync();
            var times = new List<double>(RigCount * PolecatsPerRig);
            for (var i = 0; i < RigCount * PolecatsPerRig; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await SlingAsync(_rigs[i % RigCount]);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.Queued == hooked) throw new InvalidOperationException($"expected a {(hooked ? "hooked" : "queued")} sling");
            }
            return times;
        }

        /// <summary>
        /// The round trips of one sling, as Npgsql sends them: one activity per command or batch (its statements
        /// listed). A COMMIT sent on its own is not traced (the folded one shows as the last statement of a batch).
        /// </summary>
        public async Task CensusAsync(bool hooked)
        {
            if (hooked) await FreePolecatsAsync();
            var sent = new List<string>();
            using (var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    var text = activity.TagObjects.FirstOrDefault(tag => tag.Key is "db.query.text" or "db.statement").Value as string ?? activity.DisplayName;
                    lock (sent) sent.Add(string.Join(" ‖ ", text.Split(';').Select(statement => Shorten(statement.ReplaceLineEndings(" ").Trim()))));
                },
            })
            {
                ActivitySource.AddActivityListener(listener);
                await SlingAsync(_rigs[0]);
            }
            Console.WriteLine($"  round trips of one {(hooked ? "hooked" : "queued")} sling on postgres: {sent.Count} traced (+1 if its COMMIT went alone)");
            foreach (var line in sent) Console.WriteLine("    - " + line);
        }

        private static string Shorten(string statement) => statement.Length <= 60 ? statement : statement[..60] + "…";

        private async Task FreePolecatsAsync()
        {
            var ledgers = _services.GetRequiredService<ILedgerStores>();
            foreach (var rig in _rigs)
            {
                await using var ledger = await ledgers.OpenAsync(rig, LedgerAccess.Write, CancellationToken.None);
                foreach (var agent in await ledger.Agents.ListAsync(CancellationToken.None))
                    if (agent.Role == AgentRole.Polecat)
                        await ledger.Agents.UpdateAsync(agent with { Status = AgentStatus.Idle, HookedBeadId = null }, CancellationToken.None);
                await ledger.CommitAsync(CancellationToken.None);
            }
        }

        private async Task<SlingResponse> SlingAsync(Guid rigId)
        {
            var result = await SendAsync(new SlingBeadCommand(rigId, "bench sling", null, null), _actor);
            return result.IsSuccess ? result.Value : throw new InvalidOperationException($"sling: {result.Status} {string.Join(" ", result.Errors)}");
        }

        private Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command, Actor actor) => _services.SendAsync(command, actor);

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
