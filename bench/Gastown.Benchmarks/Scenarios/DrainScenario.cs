using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gastown.Benchmarks.Support;
using static Gastown.Benchmarks.Support.Report;

namespace Gastown.Benchmarks.Scenarios;

/// <summary>
/// Draining a rig: N beads slung at once into one rig of the real server process (its shipped configuration, the
/// built-in demo agent as real processes, a real bare git repository on disk), timed until the last is merged and
/// closed. The floor, measured in the same run before the server starts: the same git work done serially per bead by
/// git processes (worktree add, commit, push, then in a temporary detached worktree fetch, <c>merge --no-ff</c>,
/// push). <c>--gate</c> drains a second rig whose review runs a trivial gate (<c>git --version</c>), so the time a
/// gate adds to a merge shows beside the gateless one.
/// </summary>
public static class DrainScenario
{
    public const string Name = "drain";
    private const string ScrapeToken = "bench-scrape-token";

    public static async Task RunAsync(RunOptions options)
    {
        var beads = options.Beads ?? (options.Quick ? 50 : 200);
        Console.WriteLine($"== {Name}: {beads} beads slung at once into one rig (demo agent, real git), vs the same git work done serially");
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"gastown-bench-drain-{Guid.NewGuid():N}")).FullName;
        try
        {
            var floorOrigin = await Git.OriginAsync(root, "floor-origin.git");
            var floor = await FloorAsync(root, floorOrigin, beads);
            Note($"drain floor: {beads} beads of serial git work in {F(floor.TotalSeconds, "0.0")} s ({F(floor.TotalMilliseconds / beads, "0")} ms per bead)");

            await OnServerAsync(options, root, "data", new Dictionary<string, string>(), async (server, http, townId) =>
            {
                var plain = await DrainAsync(options, server, http, townId, root, "plain", beads, gate: false, floor);
                if (options.Gate)
                {
                    var gated = await DrainAsync(options, server, http, townId, root, "gated", beads, gate: true, floor);
                    if (plain is { } a && gated is { } b)
                        Add(new Figure(Name, "merge with a trivial gate (`git --version`), mean per merge",
                            $"{F(b.MeanMergeMs, "0")} ms", $"no gate {F(a.MeanMergeMs, "0")} ms", $"+{F(b.MeanMergeMs - a.MeanMergeMs, "0")} ms", "—", null,
                            $"drain {F(b.Elapsed.TotalSeconds, "0.0")} s vs {F(a.Elapsed.TotalSeconds, "0.0")} s"));
                }
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

    public sealed record DrainResult(TimeSpan Elapsed, double MeanMergeMs);

    /// <summary>
    /// One server process under <paramref name="root"/>/<paramref name="dataName"/> (its shipped configuration plus
    /// <paramref name="settings"/>, e.g. <c>Gastown__Sandbox__Mode</c>), a town, an unmeasured warm-up drain of 5 beads
    /// on a rig of its own, then <paramref name="measure"/>; the server's error lines are counted (and its log saved) after.
    /// </summary>
    public static async Task OnServerAsync(
        RunOptions options, string root, string dataName, IReadOnlyDictionary<string, string> settings,
        Func<ServerProcess, HttpClient, Guid, Task> measure)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Gastown__Git__AllowLocalRepositories"] = "true",
            ["Gastown__Metrics__ScrapeToken"] = ScrapeToken,
        };
        await using var server = await ServerProcess.StartAsync(options.RepositoryRoot, Path.Combine(root, dataName), environment);
        var tokenLine = await server.WaitForLineAsync("Admin token: ", TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("no admin token");
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenLine.Line["Admin token: ".Length..].Trim());
        var town = await PostAsync(http, "api/towns", new { name = "bench" });
        var townId = town.GetProperty("id").GetGuid();

        // Unmeasured: a few beads on a rig of their own first, so the server's JIT and the demo agent's first start
        // are not counted against whichever drain comes first.
        await DrainAsync(options, server, http, townId, root, $"{dataName}-warm-up", 5, gate: false, TimeSpan.Zero, report: false);
        await measure(server, http, townId);
        var errors = server.CountLines("fail:") + server.CountLines("crit:");
        if (errors > 0) Note($"{dataName}: the server logged {errors} error lines; log saved to {server.SaveLog(options.ArtifactsPath, $"{dataName}-server")}");
    }

    /// <summary>
    /// Slings <paramref name="beads"/> beads at once into a new rig <paramref name="name"/> (its own bare origin under
    /// <paramref name="root"/>) and waits until all are closed; adds the figure (named <paramref name="label"/>, else
    /// "drain") and the per-bead breakdown unless <paramref name="report"/> is false.
    /// </summary>
    public static async Task<DrainResult?> DrainAsync(
        RunOptions options, ServerProcess server, HttpClient http, Guid townId, string root, string name, int beads, bool gate, TimeSpan floor,
        bool report = true, string? label = null)
    {
        var origin = await Git.OriginAsync(root, $"{name}-origin.git");
        var rig = await PostAsync(http, $"api/towns/{townId}/rigs", new { name, gitUrl = origin });
        var rigId = rig.GetProperty("id").GetGuid();
        if (gate)
            await SendAsync(http, HttpMethod.Patch, $"api/rigs/{rigId}", new { review = new { gates = new[] { new[] { "git", "--version" } } } });
        var before = await ScrapeAsync(http);

        // All at once: 8 concurrent clients sling until every bead is in.
        var started = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i <= beads; i = Interlocked.Increment(ref next))
                await PostAsync(http, $"api/rigs/{rigId}/sling", new { title = $"Drain bead {i}" });
        }));
        var slung = started.Elapsed;

        var timeout = TimeSpan.FromMinutes(options.Quick ? 8 : 25);
        var closed = 0;
        while (started.Elapsed < timeout)
        {
            closed = (await http.GetFromJsonAsync<JsonElement>($"api/rigs/{rigId}/beads?status=closed&limit=500")).GetArrayLength();
            if (closed >= beads) break;
            if (server.HasExited) throw new InvalidOperationException($"the server {server.ExitDescription}");
            await Task.Delay(100);
        }
        var elapsed = started.Elapsed;
        if (!report) return null;
        var after = await ScrapeAsync(http);
        label ??= gate ? "drain with a trivial gate" : "drain";
        if (closed < beads)
        {
            Add(new Figure(Name, $"{label}: {beads} beads slung at once → last merged", $"{closed} of {beads} merged in {F(elapsed.TotalSeconds, "0")} s",
                $"serial git floor {F(floor.TotalSeconds, "0.0")} s", "—", "≤ 3× the floor", false, "timed out"));
            return null;
        }

        // Where the time went, per bead, from its own ledger: waiting for a polecat, the agent's run, waiting for the merge.
        var waits = new List<double>();
        var runs = new List<double>();
        var reviews = new List<double>();
        var beadList = await http.GetFromJsonAsync<JsonElement>($"api/rigs/{rigId}/beads?limit=500");
        foreach (var bead in beadList.EnumerateArray())
        {
            var events = await http.GetFromJsonAsync<JsonElement>($"api/rigs/{rigId}/beads/{bead.GetProperty("id").GetGuid()}/events");
            DateTimeOffset? At(string type, bool last = false)
            {
                var matches = events.EnumerateArray().Where(e => e.GetProperty("type").GetString() == type).Select(e => e.GetProperty("createdAt").GetDateTimeOffset()).ToList();
                return matches.Count == 0 ? null : last ? matches[^1] : matches[0];
            }
            if (At("created") is { } created && At("dispatched", last: true) is { } dispatched && At("review_submitted", last: true) is { } submitted && At("merged") is { } merged)
            {
                waits.Add((dispatched - created).TotalMilliseconds);
                runs.Add((submitted - dispatched).TotalMilliseconds);
                reviews.Add((merged - submitted).TotalMilliseconds);
            }
        }

        var mergeSeconds = Delta(after, before, "gastown_merge_duration_seconds_sum", rigId.ToString());
        var merges = Delta(after, before, "gastown_merge_duration_seconds_count", rigId.ToString());
        var ticks = Delta(after, before, "gastown_alarm_tick_phase_duration_seconds_count", "phase=\"review\"");
        var starts = Delta(after, before, "gastown_dispatch_attempts_total", rigId.ToString());
        var meanMerge = merges > 0 ? mergeSeconds / merges * 1000 : double.NaN;
        var ratio = elapsed / floor;
        Add(new Figure(Name, $"{label}: {beads} beads slung at once → last merged", $"{F(elapsed.TotalSeconds, "0.0")} s",
            $"serial git floor {F(floor.TotalSeconds, "0.0")} s", $"{F(ratio)}×", "≤ 3× the floor", gate ? null : ratio <= 3,
            $"{F(beads / elapsed.TotalMinutes, "0")} beads/min; slinging took {F(slung.TotalMilliseconds, "0")} ms"));
        Note($"{label}: per bead p50 / p90 — queued before dispatch {F(new Stats(waits).P50 / 1000, "0.0")} / {F(new Stats(waits).P90 / 1000, "0.0")} s, "
             + $"agent run (dispatch → done) {F(new Stats(runs).P50 / 1000, "0.0")} / {F(new Stats(runs).P90 / 1000, "0.0")} s, "
             + $"done → merged {F(new Stats(reviews).P50 / 1000, "0.0")} / {F(new Stats(reviews).P90 / 1000, "0.0")} s; "
             + $"{merges:0} merges of {F(meanMerge, "0")} ms mean ({F(mergeSeconds, "0.0")} s of merging, serial), {ticks:0} ticks with a review phase, "
             + $"{starts:0} agent process starts");
        return new DrainResult(elapsed, meanMerge);
    }

    /// <summary>The floor: per bead, serially, the git work a drain needs, each step one git process with an argument list.</summary>
    public static async Task<TimeSpan> FloorAsync(string root, string origin, int beads)
    {
        var clone = Path.Combine(root, "floor-clone");
        await Git.RunAsync(root, "clone", "--quiet", origin, clone);
        var started = Stopwatch.StartNew();
        for (var i = 1; i <= beads; i++)
        {
            var branch = $"gt/floor/{i:D4}";
            var work = Path.Combine(root, $"floor-work-{i}");
            var merge = Path.Combine(root, $"floor-merge-{i}");
            await Git.RunAsync(clone, "worktree", "add", "--quiet", "-b", branch, work, "origin/main");
            await File.WriteAllTextAsync(Path.Combine(work, $"bead-{i:D4}.md"), $"Drain bead {i}\n");
            await Git.RunAsync(work, "add", "-A");
            await Git.RunAsync(work, "-c", "user.name=floor", "-c", "user.email=floor@example.com", "commit", "--quiet", "-m", $"Drain bead {i}");
            await Git.RunAsync(work, "push", "--quiet", "origin", branch);
            await Git.RunAsync(clone, "fetch", "--quiet", "origin");
            await Git.RunAsync(clone, "worktree", "add", "--quiet", "--detach", merge, "origin/main");
            await Git.RunAsync(merge, "-c", "user.name=floor", "-c", "user.email=floor@example.com", "merge", "--quiet", "--no-ff", "-m", $"Merge {branch}", $"origin/{branch}");
            await Git.RunAsync(merge, "push", "--quiet", "origin", "HEAD:main");
            await Git.RunAsync(clone, "worktree", "remove", "--force", merge);
            await Git.RunAsync(clone, "worktree", "remove", "--force", work);
        }
        return started.Elapsed;
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
    }

    /// <summary>The change of a Prometheus series (summed over the label sets containing <paramref name="labelPart"/>).</summary>
    private static double Delta(string after, string before, string metric, string labelPart) =>
        Sum(after, metric, labelPart) - Sum(before, metric, labelPart);

    private static double Sum(string scrape, string metric, string labelPart)
    {
        var total = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal) || !line.Contains(labelPart, StringComparison.Ordinal)) continue;
            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) total += number;
        }
        return total;
    }

    internal static async Task<JsonElement> PostAsync(HttpClient http, string path, object body) => await SendAsync(http, HttpMethod.Post, path, body);

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
