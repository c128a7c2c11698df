using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Application.Alarms.RunAlarmTick;
using Gastown.Application.Beads.HoldBead;
using Gastown.Application.Common.Security;
using Gastown.Application.Convoys.CreateConvoy;
using Gastown.Application.Convoys.StartConvoy;
using Gastown.Application.Rigs.CreateRig;
using Gastown.Application.Towns.CreateTown;
using Gastown.Application.Users.CreateUser;
using Gastown.Benchmarks.Support;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Issue 23's two measures. (a) <b>Blocker merged → dependent's agent started</b>: chains of convoy beads (each after the
/// one before) in rigs of the real server process, the demo agent as real processes on real git; for each link, from
/// the blocker's <c>merged</c> event to the moment the dependent's agent process began (a wrapper line before the demo
/// agent notes the time); baseline: the same for the chains' first beads, from the convoy's creation (a plain dispatch,
/// no dependency phase in between). (b) <b>The quiet tick with N convoys of 10 beads each against none</b>, in process:
/// quiet ticks of rigs whose ledgers hold the convoys' beads (each convoy's first bead held, the other nine blocked;
/// the edges and convoys in the directory) against the same number of quiet ticks of rigs of a town without any, CPU
/// per tick, alternated in rounds so the machine's load falls on both.
/// </summary>
public static class ConvoyScenario
{
    public const string Name = "convoy";

    public static async Task RunAsync(RunOptions options)
    {
        await QuietTickAsync(options);
        await MergeToStartAsync(options);
    }

    // --- (a) blocker merged → dependent's agent started ------------------------------------------------------------

    private static async Task MergeToStartAsync(RunOptions options)
    {
        var chains = options.Quick ? 3 : 4;
        var length = options.Beads ?? (options.Quick ? 6 : 16);
        Console.WriteLine($"== {Name} (a): {chains} convoys of a {length}-bead chain, one per rig, at once (demo agent, real git)");
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gastown-bench-convoy-{Guid.NewGuid():N}")).FullName;
        var marks = Directory.CreateDirectory(Path.Combine(root, "marks")).FullName;
        var startsFile = Path.Combine(marks, "starts.txt");
        try
        {
            var settings = new Dictionary<string, string>
            {
                ["Gastown__Sandbox__WritablePaths__0"] = marks,
                ["Gastown__Container__Agents__polecat__Command__0"] = "/bin/sh",
                ["Gastown__Container__Agents__polecat__Command__1"] = "-c",
                ["Gastown__Container__Agents__polecat__Command__2"] =
                    $"printf '%s %s\\n' \"${{GASTOWN_BRANCH##*/}}\" \"$(date +%s.%N)\" >> '{startsFile}'; exec \"$0\" \"$@\"",
                ["Gastown__Container__Agents__polecat__Command__3"] = Infrastructure.Container.DotnetHost.Path,
                ["Gastown__Container__Agents__polecat__Command__4"] = ServerProcess.ServerDll(options.RepositoryRoot),
                ["Gastown__Container__Agents__polecat__Command__5"] = "demo-agent",
            };
            await DrainScenario.OnServerAsync(options, root, "data", settings, async (server, http, townId) =>
            {
                var convoys = new List<(Guid RigId, JsonElement Convoy)>();
                for (var c = 0; c < chains; c++)
                {
                    var origin = await Git.OriginAsync(root, $"chain-{c}-origin.git");
                    var rig = await DrainScenario.PostAsync(http, $"api/towns/{townId}/rigs", new { name = $"chain-{c}", gitUrl = origin });
                    convoys.Add((rig.GetProperty("id").GetGuid(), default));
                }
                var started = Stopwatch.StartNew();
                for (var c = 0; c < chains; c++)
                {
                    var tasks = Enumerable.Range(0, length).Select(i => (object)new { rig = $"chain-{c}", title = $"Chain {c} step {i}", dependsOn = i == 0 ? Array.Empty<int>() : [i - 1] });
                    convoys[c] = (convoys[c].RigId, await DrainScenario.PostAsync(http, $"api/towns/{townId}/convoys", new { title = $"Chain {c}", tasks = tasks.ToArray() }));
                }

                var timeout = TimeSpan.FromMinutes(options.Quick ? 10 : 30);
                var landed = 0;
                while (started.Elapsed < timeout)
                {
                    landed = (await http.GetFromJsonAsync<JsonElement>($"api/towns/{townId}/convoys?status=landed")).GetArrayLength();
                    if (landed >= chains) break;
                    if (server.HasExited) throw new InvalidOperationException($"the server {server.ExitDescription}");
                    await Task.Delay(200);
                }
                if (landed < chains)
                {
                    Add(new Figure(Name, "blocker merged → dependent's agent started", $"{landed} of {chains} convoys landed in {F(started.Elapsed.TotalSeconds, "0")} s",
                        "—", "—", "p50 < 1 s", false, "timed out"));
                    return;
                }

                var processStarts = ReadStarts(startsFile);
                var links = new List<double>();
                var heads = new List<double>();
                var linkToDispatch = new List<double>();
                foreach (var (rigId, convoy) in convoys)
                {
                    var created = convoy.GetProperty("createdAt").GetDateTimeOffset();
                    var beads = convoy.GetProperty("beads").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()).ToList();
                    DateTimeOffset? previousMerge = null;
                    foreach (var (beadId, index) in beads.Select((id, i) => (id, i)))
                    {
                        var events = await http.GetFromJsonAsync<JsonElement>($"api/rigs/{rigId}/beads/{beadId}/events");
                        DateTimeOffset? At(string type) => events.EnumerateArray().Where(e => e.GetProperty("type").GetString() == type)
                            .Select(e => (DateTimeOffset?)e.GetProperty("createdAt").GetDateTimeOffset()).FirstOrDefault();
                        var startedAt = processStarts.GetValueOrDefault(beadId.ToString("N")[..8]);
                        if (index == 0 && startedAt is { } headStart) heads.Add((headStart - created).TotalMilliseconds);
                        if (index > 0 && previousMerge is { } merged)
                        {
                            if (startedAt is { } start) links.Add((start - merged).TotalMilliseconds);
                            if (At("dispatched") is { } dispatched) linkToDispatch.Add((dispatched - merged).TotalMilliseconds);
                        }
                        previousMerge = At("merged");
                    }
                }
                var stats = new Stats(links);
                var baseline = new Stats(heads);
                var recorded = new Stats(linkToDispatch);
                Console.WriteLine($"  blocker merged → dependent started: {stats}; merged → dispatched recorded: {recorded}; convoy created → first started: {baseline}");
                Add(new Figure(Name, "blocker merged → dependent's agent process started, p50 / p99 (demo agent, real git)",
                    $"{F(stats.P50, "0")} / {F(stats.P99, "0")} ms",
                    $"convoy created → its first bead's agent started p50 {F(baseline.P50, "0")} / p99 {F(baseline.P99, "0")} ms",
                    $"{F(stats.P50 / baseline.P50)}× / {F(stats.P99 / baseline.P99)}×", "p50 < 1 s", stats.Count > 0 && stats.P50 < 1000,
                    $"n={stats.Count} links in {chains} chains of {length}; merged → dispatch recorded p50 {F(recorded.P50, "0")} / p99 {F(recorded.P99, "0")} ms; "
                    + $"all landed in {F(started.Elapsed.TotalSeconds, "0")} s"));
            });
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>"&lt;first 8 of the bead id&gt; &lt;epoch seconds.nanoseconds&gt;" per agent start; the first start of each bead.</summary>
    private static Dictionary<string, DateTimeOffset> ReadStarts(string file)
    {
        var starts = new Dictionary<string, DateTimeOffset>();
        if (!File.Exists(file)) return starts;
        foreach (var line in File.ReadAllLines(file))
        {
            var parts = line.Split(' ', 2);
            if (parts.Length < 2 || !decimal.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) continue;
            starts.TryAdd(parts[0], DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond)));
        }
        return starts;
    }

    // --- (b) the quiet tick with N convoys against none -----------------------------------------------------------

    private static async Task QuietTickAsync(RunOptions options)
    {
        var convoyCount = options.Convoys ?? (options.Quick ? 200 : 1_000);
        const int beadsPerConvoy = 10;
        const int rigsPerTown = 10;
        var ticks = options.Ticks ?? (options.Quick ? 2_000 : 10_000);
        Console.WriteLine($"== {Name} (b): a quiet tick with {convoyCount} convoys of {beadsPerConvoy} beads against none ({ticks} ticks each, in process)");
        var dataDir = Directory.CreateTempSubdirectory("gastown-bench-convoy-tick-").FullName;
        try
        {
            await using var provider = InProcessServices.Build(new Dictionary<string, string?>
            {
                ["Gastown:DataDir"] = dataDir,
                ["Gastown:Alarm:IdleInterval"] = "00:05:00",
            });
            var user = (await provider.SendAsync(new CreateUserCommand("bench"), Actor.System)).Value;
            var actor = Actor.ForUser(user.UserId);
            var none = await TownAsync(provider, actor, "none", rigsPerTown);
            var busy = await TownAsync(provider, actor, "convoys", rigsPerTown);

            // Each convoy: a chain of ten beads over the town's rigs, created staged; its first bead held by a person,
            // then started: the first is held, the nine others blocked. Nothing is dispatchable.
            var setup = Stopwatch.StartNew();
            for (var c = 0; c < convoyCount; c++)
            {
                var tasks = Enumerable.Range(0, beadsPerConvoy)
                    .Select(i => new ConvoyTask($"rig-{(c + i) % rigsPerTown}", $"Convoy {c} step {i}", DependsOn: i == 0 ? null : [i - 1])).ToList();
                var created = await provider.SendAsync(new CreateConvoyCommand(busy.TownId, $"Convoy {c}", tasks, Staged: true), actor);
                if (!created.IsSuccess) throw new InvalidOperationException($"createConvoy: {created.Status} {string.Join("; ", created.ValidationErrors.Select(e => e.ErrorMessage))}");
                var head = created.Value.Beads[0];
                if (!(await provider.SendAsync(new HoldBeadCommand(head.RigId, head.Id), actor)).IsSuccess) throw new InvalidOperationException("holdBead failed");
                if (!(await provider.SendAsync(new StartConvoyCommand(busy.TownId, created.Value.Id), actor)).IsSuccess) throw new InvalidOperationException("startConvoy failed");
            }
            Note($"{Name} (b): {convoyCount} convoys of {beadsPerConvoy} beads ({convoyCount * beadsPerConvoy} beads over {rigsPerTown} rigs) set up in {F(setup.Elapsed.TotalSeconds, "0")} s");

            // Both towns' rigs ticked once (their creation armed them), so each following tick is a quiet one; warm-up.
            await QuietTickScenario.TicksAsync(provider, busy.Rigs, Math.Min(ticks, 1_000));
            await QuietTickScenario.TicksAsync(provider, none.Rigs, Math.Min(ticks, 1_000));

            // Alternating rounds, so the other engineers' load on this machine falls on both sides alike.
            const int rounds = 10;
            var (busyCpu, noneCpu, busyWall, noneWall) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            for (var round = 0; round < rounds; round++)
            {
                var (cpu, wall) = await QuietTickScenario.MeasureAsync(() => QuietTickScenario.TicksAsync(provider, none.Rigs, ticks / rounds));
                (noneCpu, noneWall) = (noneCpu + cpu, noneWall + wall);
                (cpu, wall) = await QuietTickScenario.MeasureAsync(() => QuietTickScenario.TicksAsync(provider, busy.Rigs, ticks / rounds));
                (busyCpu, busyWall) = (busyCpu + cpu, busyWall + wall);
            }
            var perBusy = busyCpu.TotalMilliseconds * 1000 / ticks;
            var perNone = noneCpu.TotalMilliseconds * 1000 / ticks;
            var ratio = perBusy / perNone;
            Add(new Figure(Name, $"one quiet tick of a rig, {convoyCount} convoys of {beadsPerConvoy} beads in the town (held or blocked), CPU",
                $"{F(perBusy, "0")} µs CPU ({F(busyWall.TotalMilliseconds * 1000 / ticks, "0")} µs wall)",
                $"no convoys {F(perNone, "0")} µs CPU ({F(noneWall.TotalMilliseconds * 1000 / ticks, "0")} µs wall)",
                $"{F(ratio)}×", "within noise (≤ 1.15×)", ratio <= 1.15,
                $"{ticks} ticks per side over {rigsPerTown} rigs each, {rounds} alternating rounds"));
        }
        finally
        {
            InProcessServices.DeleteDataDirectory(dataDir);
        }
    }

    private static async Task<(Guid TownId, Guid[] Rigs)> TownAsync(IServiceProvider provider, Actor actor, string name, int rigs)
    {
        var town = (await provider.SendAsync(new CreateTownCommand(name), actor)).Value;
        var ids = new Guid[rigs];
        for (var r = 0; r < rigs; r++)
            ids[r] = (await provider.SendAsync(new CreateRigCommand(town.Id, $"rig-{r}", $"https://example.com/bench/{name}-{r}.git", null), actor)).Value.Id;
        return (town.Id, ids);
    }
}
