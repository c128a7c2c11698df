using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Dapper;
using Gastown.Benchmarks.Support;
using Microsoft.Data.Sqlite;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Measure 5: the real server as its own process (<c>dotnet src/Gastown.Web/bin/Release/net10.0/Gastown.Web.dll</c>,
/// Production, its appsettings.json), idle, holding 10,000 rigs, against the same server with no rig. Resident memory
/// (VmRSS, /proc/PID/status) and CPU time (TotalProcessorTime) over a one-minute window.
/// <list type="number">
/// <item>No rig: the baseline window.</item>
/// <item>On that server, the rigs are created through the API (POST /api/towns/{id}/rigs, 8 at a time, 1,000 per
/// town). Should the server fail to create some, they are completed offline, server stopped, exactly as CreateRig
/// leaves them (a copy of a fresh ledger file with its kv identity rewritten, and the directory row), and orphan
/// ledger files of failed creations are removed — so the idle windows always hold the full count.</item>
/// <item>Default configuration: a quiet store sleeps (no watchdog alarm). The server restarted on the rigs: window.</item>
/// <item>With the watchdog on (<c>Gastown__Alarm__IdleInterval=00:05:00</c>): each store's kv alarm_due_at is set as
/// a store that has finished its work leaves it, due within the next 5 min (+ its 10 % jitter), evenly spread from a
/// few seconds after the restart; AlarmRecoveryService re-arms every store from it. The number of watchdog ticks in
/// the window is known from the seeded due times, so the cost of one quiet tick follows.</item>
/// </list>
/// </summary>
public static partial class IdleRigsScenario
{
    public const string Name = "5 idle rigs";
    private static readonly TimeSpan WatchdogInterval = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(RunOptions options)
    {
        var rigCount = options.IdleRigs ?? (options.Quick ? 1_000 : 10_000);
        var window = TimeSpan.FromSeconds(options.Quick ? 20 : 60);
        var settle = TimeSpan.FromSeconds(options.Quick ? 10 : 15);
        Console.WriteLine($"== {Name}: server process idle with {rigCount} rigs vs 0 rigs, {window.TotalSeconds:0} s windows");
        var dataDir = Directory.CreateTempSubdirectory("gastown-bench-idle-").FullName;
        try
        {
            // 1. Baseline: the server as built, no rig, idle.
            IdleWindow empty;
            await using (var server = await ServerProcess.StartAsync(options.RepositoryRoot, dataDir))
            {
                var admin = await server.WaitForLineAsync("Admin token: ", TimeSpan.FromSeconds(30))
                    ?? throw new InvalidOperationException("The server printed no admin token.");
                var token = admin.Line[(admin.Line.IndexOf("Admin token: ", StringComparison.Ordinal) + "Admin token: ".Length)..].Trim();
                await Task.Delay(settle);
                empty = await MeasureAsync(server, window);
                Console.WriteLine($"  as built, 0 rigs: {empty}");

                // 2. The rigs, through the API, on the same server.
                var created = Stopwatch.StartNew();
                var failures = await CreateRigsAsync(server, token, rigCount);
                var memory = server.Memory();
                Add(new Figure(Name, $"create {rigCount} rigs through the API (server as built)", $"{rigCount - failures} created, {failures} failed",
                    $"{F(rigCount / created.Elapsed.TotalSeconds, "0")} rigs/s", "—", "all created", failures == 0,
                    $"the server then held {memory}"));
                if (failures > 0)
                    Note($"idle: first creation error in the server log: {server.Lines.FirstOrDefault(l => l.Contains("SqliteException", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal))?.Trim()}");
            }
            var (orphans, added) = CompleteRigsOffline(dataDir, rigCount);
            Console.WriteLine($"  completed offline: {added} rigs added, {orphans} orphan ledger files of failed creations removed");
            if (orphans > 0) Note($"idle: {orphans} failed rig creations left an orphan ledger file behind (no directory row)");

            // 3. Default configuration: quiet stores sleep, no watchdog.
            var sleeping = await MeasureRigsAsync(options, dataDir, rigCount, window, settle, watchdog: null);
            AddFigures(rigCount, "default (quiet stores sleep, no watchdog)", empty, sleeping);

            // 4. The watchdog on, every 5 minutes.
            var watched = await MeasureRigsAsync(options, dataDir, rigCount, window, settle, watchdog: WatchdogInterval);
            AddFigures(rigCount, $"watchdog every {WatchdogInterval.TotalMinutes:0} min (Gastown:Alarm:IdleInterval)", empty, watched);
        }
        finally
        {
            try
            {
                if (Environment.GetEnvironmentVariable("GASTOWN_BENCH_KEEP") is not null) Console.WriteLine($"  (kept {dataDir})");
                else Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void AddFigures(int rigCount, string variant, IdleWindow empty, RigsWindow full)
    {
        var window = full.Idle.Window;
        if (full.Idle.Died is { } died)
        {
            Add(new Figure(Name, $"{rigCount} rigs idle, {variant}", $"the server {died}",
                $"0 rigs {F(empty.RssMb, "0")} MB, {F(empty.Cpu.TotalSeconds / empty.Window.TotalSeconds * 100)} % of a core",
                $"at start-up already {F(full.AfterStartUp.RssMb / empty.RssMb)}× the memory", "< 400 MB, CPU near zero", false,
                $"start-up: {full.StartUp}"));
            return;
        }
        Add(new Figure(Name, $"resident memory, {rigCount} rigs idle, {variant} (end of window / max)", $"{F(full.Idle.RssMb, "0")} / {F(full.Idle.MaxRssMb, "0")} MB",
            $"0 rigs {F(empty.RssMb, "0")} MB", $"{F(full.Idle.MaxRssMb / empty.RssMb)}× (+{F((full.Idle.MaxRssMb - empty.RssMb) * 1024 / rigCount, "0")} KB per rig)",
            "< 400 MB", full.Idle.MaxRssMb < 400 && full.Idle.Died is null,
            $"{full.Idle.Memory}; start-up: {full.StartUp}{(full.Idle.Died is null ? "" : $"; the server {full.Idle.Died}")}"));
        var share = full.Idle.Cpu.TotalSeconds / window.TotalSeconds;
        var emptyShare = empty.Cpu.TotalSeconds / empty.Window.TotalSeconds;
        Add(new Figure(Name, $"CPU over {window.TotalSeconds:0} s idle, {rigCount} rigs, {variant}", $"{F(full.Idle.Cpu.TotalSeconds)} s ({F(share * 100)} % of a core)",
            $"0 rigs {F(emptyShare * 100)} % of a core", $"{F(share / Math.Max(emptyShare, 0.0001), "0")}×", "near zero (< 1 % of a core)", share < 0.01 && full.Idle.Died is null,
            $"{full.TicksInWindow} watchdog ticks were due in the window; {full.TickErrors} tick errors logged"));
        if (full.TicksInWindow > 0)
        {
            var perTick = (full.Idle.Cpu.TotalMilliseconds - emptyShare * window.TotalMilliseconds) / full.TicksInWindow;
            var ticksPerSecond = rigCount / (full.Watchdog!.Value.TotalSeconds * 1.05);
            Add(new Figure(Name, $"cost of one watchdog tick of a quiet store, {variant}", $"{F(perTick)} ms CPU",
                "(CPU with the rigs − CPU without) ÷ ticks due in the window", "—", "—", null,
                $"{rigCount} stores every ≈ {F(full.Watchdog.Value.TotalMinutes * 1.05)} min = {F(ticksPerSecond, "0.0")} ticks/s ≈ {F(ticksPerSecond * perTick / 10)} % of a core; {full.Ticked} of {full.Sampled} sampled stores due before the window ended had re-armed"));
        }
    }

    private sealed record IdleWindow(TimeSpan Cpu, double RssMb, double MaxRssMb, MemorySample Memory, TimeSpan Window, string? Died = null)
    {
        public override string ToString() =>
            $"CPU {Cpu.TotalSeconds:0.00} s over {Window.TotalSeconds:0} s, RSS {RssMb:0} MB (max {MaxRssMb:0}); {Memory}{(Died is null ? "" : $"; the server {Died}")}";
    }

    private sealed record RigsWindow(IdleWindow Idle, int TicksInWindow, int TickErrors, int Ticked, int Sampled, string StartUp, MemorySample AfterStartUp, TimeSpan? Watchdog);

    private static async Task<RigsWindow> MeasureRigsAsync(
        RunOptions options, string dataDir, int rigCount, TimeSpan window, TimeSpan settle, TimeSpan? watchdog)
    {
        var variant = watchdog is null ? "no watchdog" : $"watchdog {watchdog.Value.TotalMinutes:0} min";
        var dues = watchdog is { } every ? SeedAlarms(dataDir, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5), every * 1.1) : ClearAlarms(dataDir);
        var environment = watchdog is { } interval
            ? new Dictionary<string, string> { ["Gastown__Alarm__IdleInterval"] = interval.ToString("c", CultureInfo.InvariantCulture) }
            : null;
        await using var server = await ServerProcess.StartAsync(options.RepositoryRoot, dataDir, environment);
        var started = server.Uptime;
        var restored = await server.WaitForLineAsync("store alarms", TimeSpan.FromMinutes(3));
        var restoredCount = restored is { Line: var line } && RestoredCount().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        var recoveryErrors = server.CountLines("Could not restore the alarm");
        var afterRecovery = server.Memory();
        var startUp = $"{restoredCount} of {dues.Count} alarms restored in {F(((restored?.At ?? started) - started).TotalSeconds, "0.0")} s, {recoveryErrors} stores failed, then {afterRecovery.RssMb:0} MB and {afterRecovery.OpenFiles} open files";
        Console.WriteLine($"  {variant}, {rigCount} rigs: start-up {startUp}");
        await Task.Delay(settle);

        var windowFrom = DateTimeOffset.UtcNow;
        var idle = await MeasureAsync(server, window);
        var windowTo = DateTimeOffset.UtcNow;
        Console.WriteLine($"  {variant}, {rigCount} rigs: {idle}");
        var ticksInWindow = dues.Values.Count(due => due >= windowFrom && due < windowTo);
        var tickErrors = server.CountLines("Alarm tick of store") + server.CountLines("Alarm phase");
        var (ticked, sampled) = CountTicked(dues);
        if (idle.Died is not null || recoveryErrors > 0 || tickErrors > 0)
        {
            var log = server.SaveLog(options.ArtifactsPath, $"idle-server-{(watchdog is null ? "no-watchdog" : "watchdog")}");
            var fatal = server.Lines.LastOrDefault(l => l.Contains("crit:", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
            Note($"idle, {variant}: {(idle.Died is null ? "" : $"the server {idle.Died}; ")}{recoveryErrors} recovery errors, {tickErrors} tick errors; last exception line: {fatal?.Trim()} (server log: {Path.GetFileName(log)} in the artifacts folder)");
        }
        return new RigsWindow(idle, ticksInWindow, tickErrors, ticked, sampled, startUp, afterRecovery, watchdog);
    }

    private static async Task<IdleWindow> MeasureAsync(ServerProcess server, TimeSpan window)
    {
        var cpuFrom = server.CpuTime();
        var clock = Stopwatch.StartNew();
        var max = 0.0;
        MemorySample last;
        var lastAlive = new MemorySample(0, 0, 0, 0, 0, 0);
        do
        {
            last = server.Memory();
            if (server.HasExited) break;
            lastAlive = last;
            max = Math.Max(max, last.RssMb);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (clock.Elapsed < window);
        var cpu = server.CpuTime() - cpuFrom;
        if (!server.HasExited) lastAlive = server.Memory();
        var measured = server.HasExited ? clock.Elapsed : window;
        return new IdleWindow(cpu * (measured.TotalSeconds / clock.Elapsed.TotalSeconds), lastAlive.RssMb, Math.Max(max, lastAlive.RssMb), lastAlive, measured,
            server.ExitDescription);
    }

    private static async Task<int> CreateRigsAsync(ServerProcess server, string token, int rigCount)
    {
        const int rigsPerTown = 1_000;
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 8, UseCookies = false, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var towns = new List<Guid>();
        for (var t = 0; t * rigsPerTown < rigCount; t++) towns.Add(await GastownApi.CreateTownAsync(http, $"town-{t}"));
        var failures = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < rigCount)
            {
                try
                {
                    await GastownApi.CreateRigAsync(http, towns[i / rigsPerTown], $"rig-{i:00000}");
                }
                catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return failures;
    }

    /// <summary>
    /// Server stopped: removes ledger files no rig or town owns (left by failed creations), then adds rigs until there
    /// are <paramref name="target"/>, each as CreateRig leaves it: a fresh ledger file (a copy of one the server made,
    /// its kv identity rewritten) and its directory row.
    /// </summary>
    private static (int Orphans, int Added) CompleteRigsOffline(string dataDir, int target)
    {
        var ledgers = Path.Combine(dataDir, "ledgers");
        using var directory = LedgerFiles.Open(Path.Combine(dataDir, "directory.db"), pooling: false);
        var rigs = directory.Query<(string Id, string TownId)>("SELECT id, town_id FROM rigs").ToList();
        var towns = directory.Query<string>("SELECT id FROM towns ORDER BY created_at").ToList();
        var owners = rigs.Select(r => Guid.Parse(r.Id)).Concat(towns.Select(Guid.Parse)).ToHashSet();

        var orphans = 0;
        foreach (var file in Directory.GetFiles(ledgers, "*.db"))
        {
            if (Guid.TryParseExact(Path.GetFileNameWithoutExtension(file), "N", out var id) && owners.Contains(id)) continue;
            foreach (var part in new[] { file, file + "-wal", file + "-shm" }) File.Delete(part);
            orphans++;
        }

        var missing = target - rigs.Count;
        if (missing <= 0) return (orphans, 0);
        var template = LedgerFiles.Path(dataDir, Guid.Parse(rigs[0].Id));
        using (var connection = LedgerFiles.Open(template, pooling: false)) connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        var now = LedgerFiles.Micros(DateTimeOffset.UtcNow);
        using var transaction = directory.BeginTransaction();
        for (var i = 0; i < missing; i++)
        {
            var id = Guid.NewGuid();
            var townId = towns[i % towns.Count];
            var name = $"rig-offline-{i:00000}";
            var gitUrl = $"https://example.com/bench/{name}.git";
            var path = LedgerFiles.Path(dataDir, id);
            File.Copy(template, path);
            using (var ledger = LedgerFiles.Open(path, pooling: false))
            {
                foreach (var (key, value) in new[] { ("store_id", id.ToString()), ("town_id", townId), ("name", name), ("git_url", gitUrl) })
                    ledger.Execute("UPDATE kv SET value = @value WHERE key = @key", new { key, value });
                ledger.Execute("DELETE FROM kv WHERE key = 'alarm_due_at'");
            }
            directory.Execute("""
                INSERT INTO rigs (id, town_id, name, git_url, default_branch, created_at, updated_at)
                VALUES (@id, @townId, @name, @gitUrl, 'main', @now, @now)
                """, new { id = id.ToString(), townId, name, gitUrl, now }, transaction);
        }
        transaction.Commit();
        return (orphans, missing);
    }

    /// <summary>Writes alarm_due_at into every ledger file (server stopped), evenly spread from <paramref name="from"/> over <paramref name="spread"/>.</summary>
    private static Dictionary<string, DateTimeOffset> SeedAlarms(string dataDir, DateTimeOffset from, TimeSpan spread)
    {
        var files = Directory.GetFiles(Path.Combine(dataDir, "ledgers"), "*.db");
        Random.Shared.Shuffle(files);
        var dues = new Dictionary<string, DateTimeOffset>();
        for (var i = 0; i < files.Length; i++) dues[files[i]] = from + spread * ((i + 0.5) / files.Length);
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, file =>
        {
            using var connection = LedgerFiles.Open(file, pooling: false);
            connection.Execute("INSERT OR REPLACE INTO kv (key, value) VALUES ('alarm_due_at', @due)", new { due = LedgerFiles.MicrosText(dues[file]) });
        });
        return dues;
    }

    /// <summary>Removes every store's alarm (server stopped): what a quiet store would hold with no watchdog.</summary>
    private static Dictionary<string, DateTimeOffset> ClearAlarms(string dataDir)
    {
        Parallel.ForEach(Directory.GetFiles(Path.Combine(dataDir, "ledgers"), "*.db"), new ParallelOptions { MaxDegreeOfParallelism = 2 }, file =>
        {
            using var connection = LedgerFiles.Open(file, pooling: false);
            connection.Execute("DELETE FROM kv WHERE key = 'alarm_due_at'");
        });
        return [];
    }

    /// <summary>Of a sample of stores whose alarm was due by now, how many have re-armed (a later due time): proof the ticks ran.</summary>
    private static (int Ticked, int Sampled) CountTicked(Dictionary<string, DateTimeOffset> dues)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(-2);
        var sample = dues.Where(d => d.Value < now).Take(300).ToList();
        var ticked = 0;
        foreach (var (file, due) in sample)
        {
            try
            {
                using var connection = LedgerFiles.Open(file, pooling: false);
                var text = connection.ExecuteScalar<string?>("SELECT value FROM kv WHERE key = 'alarm_due_at'");
                if (text is not null && long.Parse(text, CultureInfo.InvariantCulture) > LedgerFiles.Micros(due)) ticked++;
            }
            catch (SqliteException)
            {
            }
        }
        return (ticked, sample.Count);
    }

    [GeneratedRegex(@"Restored (\d+) store alarms")]
    private static partial Regex RestoredCount();
}
