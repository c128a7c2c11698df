using System.Diagnostics;
using Dapper;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Common.Ports;
using Gastown.Application.Common.Security;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Users.CreateUser;
using Gastown.Benchmarks.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// One quiet watchdog tick, directly: N ticks of stores with nothing to do, sent in process as the Quartz job sends
/// them (a DI scope, the system actor, <see cref="RunAlarmTickCommand"/> through the pipeline), with the 5-minute watchdog
/// on; CPU per tick (the process's CPU time over the loop) against one bare indexed read of the same stores (a pooled
/// connection, the kv primary key). Two shapes: <c>warm</c> (8 stores, their connections pooled) and <c>cold</c>
/// (600 stores cycled, more than the 256 pooled ledger connections, so every tick opens its file as a watchdog tick
/// of 10,000 idle rigs does). What the idle measure's 60 s window shows as "CPU per quiet tick", in seconds.
/// </summary>
public static class QuietTickScenario
{
    public const string Name = "tick";

    public static async Task RunAsync(RunOptions options)
    {
        var ticks = options.Ticks ?? (options.Quick ? 2_000 : 10_000);
        Console.WriteLine($"== {Name}: one quiet watchdog tick vs one bare indexed read ({ticks} each, in process)");
        var dataDir = Directory.CreateTempSubdirectory("gastown-bench-tick-").FullName;
        try
        {
            await using var provider = InProcessServices.Build(new Dictionary<string, string?>
            {
                ["Gastown:DataDir"] = dataDir,
                ["Gastown:Alarm:IdleInterval"] = "00:05:00",
            });

            var user = (await provider.SendAsync(new CreateUserCommand("bench"), Actor.System)).Value;
            var actor = Actor.ForUser(user.UserId);
            var stores = new List<Guid>();
            for (var t = 0; t < 6; t++)
            {
                var town = (await provider.SendAsync(new CreateTownCommand($"bench-{t}"), actor)).Value;
                for (var r = 0; r < 100; r++)
                    stores.Add((await provider.SendAsync(new CreateRigCommand(town.Id, $"rig-{r}", $"https://example.com/bench/{t}-{r}.git", null), actor)).Value.Id);
            }

            foreach (var (shape, count) in new[] { ("warm", 8), ("cold", stores.Count) })
            {
                var set = stores.Take(count).ToArray();
                var paths = set.Select(id => LedgerFiles.Path(dataDir, id)).ToArray();
                // Warm-up: tier the code up on both paths.
                await TicksAsync(provider, set, Math.Min(ticks, 1_000));
                var pooled = shape == "warm";
                BareReads(paths, Math.Min(ticks, 1_000), pooled);

                var (tickCpu, tickWall) = await MeasureAsync(() => TicksAsync(provider, set, ticks));
                var (readCpu, readWall) = await MeasureAsync(() =>
                {
                    BareReads(paths, ticks, pooled);
                    return Task.CompletedTask;
                });
                var perTick = tickCpu.TotalMilliseconds / ticks;
                var perRead = readCpu.TotalMilliseconds / ticks;
                Add(new Figure(Name, $"one quiet watchdog tick (`{shape}`: {count} stores{(shape == "cold" ? ", beyond the connection pool" : "")}), CPU",
                    $"{F(perTick * 1000, "0")} µs CPU ({F(tickWall.TotalMilliseconds * 1000 / ticks, "0")} µs wall)",
                    $"bare indexed read{(pooled ? "" : " (file opened each time)")} {F(perRead * 1000, "0")} µs CPU ({F(readWall.TotalMilliseconds * 1000 / ticks, "0")} µs wall)",
                    $"{F(perTick / perRead)}×", "≤ 1 ms CPU", perTick <= 1.0,
                    $"at 10,000 rigs and a 5-min watchdog (33 ticks/s): {F(perTick * 33.3 / 10, "0.00")} % of a core"));
            }
        }
        finally
        {
            InProcessServices.DeleteDataDirectory(dataDir);
        }
    }

    internal static async Task TicksAsync(IServiceProvider provider, Guid[] stores, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var result = await provider.SendAsync(new RunAlarmTickCommand(stores[i % stores.Length]), Actor.System);
            if (!result.IsSuccess || result.Value.FailedPhases.Count > 0) throw new InvalidOperationException($"tick: {result.Status}");
        }
    }

    /// <summary>
    /// The baseline: open a connection to the store, read its alarm by primary key, close. <c>cold</c>: not pooled, so
    /// the file is opened each time, as the tick's store is once the pool has let it go.
    /// </summary>
    private static void BareReads(string[] paths, int count, bool pooled)
    {
        for (var i = 0; i < count; i++)
        {
            var connectionString = pooled
                ? LedgerFiles.ConnectionString(paths[i % paths.Length])
                : new SqliteConnectionStringBuilder(LedgerFiles.ConnectionString(paths[i % paths.Length])) { Pooling = false }.ToString();
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            connection.ExecuteScalar<string?>("SELECT value FROM kv WHERE key = 'alarm_due_at'");
        }
    }

    internal static async Task<(TimeSpan Cpu, TimeSpan Wall)> MeasureAsync(Func<Task> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await run();
        wall.Stop();
        process.Refresh();
        return (process.TotalProcessorTime - cpu, wall.Elapsed);
    }
}
