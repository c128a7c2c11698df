using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Spectre.Console;

namespace Gastown.Cli.Commands;

/// <summary>`status` (the town board), `feed` (town events, live with --follow) and `peek` (an agent's live output).</summary>
internal static class WatchCommands
{
    /// <summary>The event types `feed --problems` keeps: the ones that want a person's attention.</summary>
    public static readonly IReadOnlySet<string> ProblemEvents = new HashSet<string>(StringComparer.Ordinal)
    {
        "dispatch_failed", "agent_exited", "agent_stalled", "merge_failed", "escalated", "changes_requested", "dispatch_paused", "rate_limited", "budget_exceeded",
    };

    /// <summary>How far before the newest event seen `feed --follow` asks again.</summary>
    private static readonly TimeSpan Lookback = TimeSpan.FromSeconds(10);

    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep the board up to date (Ctrl-C to stop)." };
        var every = new Option<double>("--interval") { Description = "Seconds between two polls with --watch.", DefaultValueFactory = _ => 2.0 };
        yield return commands.Create("status", "The town board: rigs, agents, active beads, and what is blocked or stranded and why.", (context, parse) =>
            StatusAsync(context, parse.GetValue(watch), TimeSpan.FromSeconds(parse.GetValue(every))), watch, every);

        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they happen (Ctrl-C to stop)." };
        var problems = new Option<bool>("--problems") { Description = "Only events that want attention (failed dispatches, crashes, stalls, failed merges, escalations, pauses)." };
        var limit = new Option<int>("--limit", "-n") { Description = "How many past events to show first.", DefaultValueFactory = _ => 20 };
        var interval = new Option<double>("--interval") { Description = "Seconds between two polls with --follow.", DefaultValueFactory = _ => 1.0 };
        yield return commands.Create("feed", "The town's events (every rig and the mayor), oldest first.", (context, parse) =>
            FeedAsync(context, parse.GetValue(follow), parse.GetValue(problems), parse.GetValue(limit), TimeSpan.FromSeconds(parse.GetValue(interval))),
            follow, problems, limit, interval);

        var agent = new Argument<string>("agent") { Description = "The agent: a polecat's name, `mayor`, or an id." };
        var runs = new Option<bool>("--runs") { Description = "The agent's past runs (kept after they end, and across restarts) instead of its live output." };
        var run = new Option<string?>("--run") { Description = "One past run's transcript (its id or first characters, from --runs)." };
        yield return commands.Create("peek", "Watch an agent's live output (its recent history first); ends when its process ends.", async (context, parse) =>
            parse.GetValue(run) is { } one ? await TranscriptAsync(context, parse.GetRequiredValue(agent), one)
            : parse.GetValue(runs) ? await RunsAsync(context, parse.GetRequiredValue(agent))
            : await PeekAsync(context, parse.GetRequiredValue(agent)), agent, runs, run);

        var nudged = new Argument<string>("agent") { Description = "The polecat: its name or id." };
        var message = new Argument<string>("message") { Description = "What to tell it." };
        yield return commands.Create("nudge", "Tell a working polecat something: at its next turn if its CLI takes input while running, else as its next run's first prompt.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var (rig, target) = await context.Targets.AgentAsync(town, parse.GetRequiredValue(nudged));
            if (rig is null) throw CliException.Usage("the mayor is not nudged: talk to it with `gastown mayor \"…\"`.");
            var sent = await context.Api.ApiRigsAgentsNudgeAsync(rig.Id, target.Id, new NudgeBody { Message = parse.GetRequiredValue(message) }, context.Cancellation);
            var how = sent.Delivery == "delivered" ? "delivered to its running process" : "kept for its next run";
            context.Print.Done($"Nudged {target.Name}: {how}.", sent);
        }, nudged, message);
    }

    private static async Task StatusAsync(CommandContext context, bool watch, TimeSpan interval)
    {
        if (watch && context.Print.Json) throw CliException.Usage("--watch draws the board for people; scripts follow `gastown feed --follow --json`.");
        if (interval < TimeSpan.FromMilliseconds(100)) throw CliException.Usage("--interval must be at least 0.1 seconds.");
        var board = await BoardAsync(context);
        if (context.Print.Json)
        {
            context.Print.Data(board.Data);
            return;
        }
        if (!watch)
        {
            context.Terminal.Output.Write(board.Text);
            return;
        }
        try
        {
            if (context.Terminal.Interactive)
            {
                // A live view: the screen cleared and the board redrawn at every poll (like watch(1)), until Ctrl-C.
                while (true)
                {
                    context.Terminal.Ansi.Clear(home: true);
                    context.Terminal.Output.Write(board.Text);
                    context.Terminal.Output.Write($"\nEvery {interval.TotalSeconds:0.#} s; Ctrl-C to stop.");
                    await context.Terminal.Output.FlushAsync(context.Cancellation);
                    await Task.Delay(interval, context.Cancellation);
                    board = await BoardAsync(context);
                }
            }
            else
            {
                // Into a pipe or a file: the board again each time it changes.
                context.Terminal.Output.Write(board.Text);
                while (true)
                {
                    await context.Terminal.Output.FlushAsync(context.Cancellation);
                    await Task.Delay(interval, context.Cancellation);
                    var next = await BoardAsync(context);
                    if (next.Text == board.Text) continue;
                    board = next;
                    context.Terminal.Output.Write("\n" + board.Text);
                }
            }
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            // Ctrl-C: the watch is over.
        }
    }

    /// <summary>The town board: as data (for --json) and as text (tables).</summary>
    private static async Task<(object Data, string Text)> BoardAsync(CommandContext context)
    {
        var town = await context.Targets.TownDetailsAsync();
        var rigs = new List<RigDetails>();
        foreach (var rig in town.Rigs.OrderBy(r => r.Name, StringComparer.Ordinal)) rigs.Add(await context.Api.ApiRigsGetAsync(rig.Id, context.Cancellation));
        var mayor = (await context.Api.ApiTownsMayorAsync(town.Id, context.Cancellation)).Mayor;
        var attention = rigs.SelectMany(r => r.Beads.Select(b => (Rig: r, Bead: b)))
            .Select(item => (item.Rig, item.Bead, Reason: Blocked(item.Bead)))
            .Where(item => item.Reason is not null)
            .OrderBy(item => item.Bead.CreatedAt).ToList();
        var data = new
        {
            town = new { town.Id, town.Name },
            mayor,
            rigs,
            attention = attention.Select(a => new { rig = a.Rig.Name, bead = a.Bead.Id, a.Bead.Title, a.Bead.Status, reason = a.Reason }),
        };
        var print = context.Print;
        var text = new System.Text.StringBuilder($"Town {town.Name}\n");
        text.Append(print.TableText(["RIG", "HEALTH", "AGENTS", "WORKING", "QUEUED", "OPEN", "IN PROGRESS", "REVIEW"],
            rigs.Select(r => (IReadOnlyList<string?>)[
                r.Name, r.Health?.Status ?? "-", Count(r.Agents.Count), Count(r.Agents.Count(a => a.Status == "working")),
                Count(r.Beads.Count(b => b.Status == "open" && b.AssigneeAgentId is null)), Count(r.Beads.Count(b => b.Status == "open")),
                Count(r.Beads.Count(b => b.Status == "in_progress")), r.Review?.Mode ?? "auto"]),
            empty: "No rigs: add one with `gastown rig add <name> <git-url>`."));

        var agents = rigs.SelectMany(r => r.Agents.Select(a => (Rig: r.Name, Agent: a))).ToList();
        if (mayor is not null) agents.Insert(0, ("-", mayor));
        if (agents.Count > 0)
        {
            var titles = rigs.SelectMany(r => r.Beads).ToDictionary(b => b.Id, b => b.Title);
            text.Append(print.TableText(["AGENT", "RIG", "ROLE", "STATUS", "BEAD", "NOTE"],
                agents.Select(a => (IReadOnlyList<string?>)[a.Agent.Name, a.Rig, a.Agent.Role, a.Agent.Status,
                    a.Agent.HookedBeadId is { } hooked ? $"{Printer.Short(hooked)} {titles.GetValueOrDefault(hooked, "")}".TrimEnd() : "-",
                    a.Agent.PausedReason ?? a.Agent.LastError ?? a.Agent.StatusLine ?? "-"])));
        }
        if (attention.Count > 0)
        {
            text.Append("Needs attention:\n");
            text.Append(print.TableText(["BEAD", "RIG", "STATUS", "TITLE", "WHY"],
                attention.Select(a => (IReadOnlyList<string?>)[Printer.Short(a.Bead.Id), a.Rig.Name, a.Bead.Status, a.Bead.Title, a.Reason])));
        }
        return (data, text.ToString());
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>Why an active bead does not move, or null when nothing holds it.</summary>
    private static string? Blocked(BeadResponse bead)
    {
        if (bead.PausedReason is { Length: > 0 } paused) return $"paused: {paused}";
        if (bead.RateLimitedUntil is { } limited) return $"rate-limited until {Printer.Time(limited)}";
        if (bead.EscalatedAt is not null) return "escalated" + (bead.LastError is { Length: > 0 } e ? $": {e}" : "");
        if (bead.NextAttemptAt is { } next) return $"dispatch failed ({bead.DispatchAttempts} attempts), next try {Printer.Time(next)}" + (bead.LastError is { Length: > 0 } err ? $": {err}" : "");
        if (bead.LastError is { Length: > 0 } last) return last;
        return null;
    }

    private static async Task FeedAsync(CommandContext context, bool follow, bool problems, int limit, TimeSpan interval)
    {
        if (limit is < 1 or > 500) throw CliException.Usage("--limit must be between 1 and 500.");
        if (interval < TimeSpan.FromMilliseconds(100)) throw CliException.Usage("--interval must be at least 0.1 seconds.");
        var town = await context.Targets.TownAsync();
        var seen = new HashSet<(Guid, long)>();
        DateTimeOffset? since = null;
        var first = true;
        while (true)
        {
            // The server answers newest first; a poll asks again for a while before the newest event already seen
            // (a transaction of another rig may commit an event stamped a little earlier than one already shown)
            // and drops what was printed before, by rig and event id.
            // The first poll takes the newest 500 (all marked seen; the last --limit of them shown), so that asking again
            // before the newest one never brings back an older event as new.
            var events = await context.Api.ApiTownsEventsAsync(town.Id, since - Lookback, 500, context.Cancellation);
            var fresh = events.Where(e => seen.Add((e.RigId ?? Guid.Empty, e.Id))).Reverse().ToList();
            if (fresh.Count > 0 && (since is null || fresh.Max(e => e.CreatedAt) > since)) since = fresh.Max(e => e.CreatedAt);
            var shown = fresh.Where(e => !problems || ProblemEvents.Contains(e.Type)).ToList();
            if (first) shown = [.. shown.TakeLast(limit)];
            foreach (var item in shown)
            {
                if (context.Print.Json) context.Terminal.Output.WriteLine(JsonSerializer.Serialize(item, Printer.CompactJson));
                else context.Terminal.Output.WriteLine(FeedLine(item));
            }
            await context.Terminal.Output.FlushAsync(context.Cancellation);
            first = false;
            if (!follow) return;
            try
            {
                await Task.Delay(interval, context.Cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public static string FeedLine(TownEventResponse item)
    {
        var change = (item.OldValue, item.NewValue) switch
        {
            (null, null) => "",
            (null, var value) => " " + value,
            (var value, null) => $" {value} →",
            var (from, to) => $" {from} → {to}",
        };
        var reason = item.Metadata is { } metadata && (metadata.TryGetValue("reason", out var why) || metadata.TryGetValue("error", out why)) ? $" ({why})" : "";
        return $"{Printer.Time(item.CreatedAt)}  {item.RigName ?? "mayor"}  {Printer.Short(item.BeadId)}  {item.Type}{change}{reason}";
    }

    private static async Task<int> PeekAsync(CommandContext context, string name)
    {
        var town = await context.Targets.TownDetailsAsync();
        var (_, agent) = await context.Targets.AgentAsync(town, name);
        var stream = await context.Api.ApiTownsAgentsStreamUrlAsync(town.Id, agent.Id, context.Cancellation);
        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(new Uri(stream.Url), context.Cancellation);
        }
        catch (WebSocketException exception)
        {
            throw new CliException(ExitCodes.ServerError, $"cannot open the stream of {agent.Name}: {exception.Message}");
        }
        if (!context.Print.Json) await context.Terminal.Error.WriteLineAsync($"Watching {agent.Name} ({agent.Role}, {agent.Status}); Ctrl-C to stop.");
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(buffer, context.Cancellation);
                    message.Write(buffer, 0, received.Count);
                }
                while (!received.EndOfMessage);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (!context.Print.Json) await context.Terminal.Error.WriteLineAsync($"Stream closed: {socket.CloseStatusDescription ?? socket.CloseStatus?.ToString()}.");
                    return socket.CloseStatus is WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable ? ExitCodes.Ok : ExitCodes.Failed;
                }
                var json = System.Text.Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                if (context.Print.Json) context.Terminal.Output.WriteLine(json);
                else context.Terminal.Output.WriteLine(StreamLine(JsonSerializer.Deserialize<StreamEvent>(json, Printer.JsonOptions)!));
                await context.Terminal.Output.FlushAsync(context.Cancellation);
            }
        }
        catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (WebSocketException exception)
        {
            throw new CliException(ExitCodes.ServerError, $"the stream of {agent.Name} broke: {exception.Message}");
        }
    }

    /// <summary>The agent's past runs, newest first, from the rig's most recent beads.</summary>
    private static async Task<int> RunsAsync(CommandContext context, string name)
    {
        var (rig, agent, found) = await PastRunsAsync(context, name);
        if (context.Print.Json)
        {
            context.Print.Data(found);
            return ExitCodes.Ok;
        }
        context.Print.Table(["RUN", "BEAD", "GEN", "STARTED", "ENDED", "EXIT", "TOKENS", "ENTRIES", "STATUS"],
            found.Select(r => (IReadOnlyList<string?>)[Printer.Short(r.Id), Printer.Short(r.BeadId), r.Generation.ToString(CultureInfo.InvariantCulture), Printer.Time(r.StartedAt), Printer.Time(r.EndedAt),
                r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Usage is { } u ? (u.InputTokens + u.OutputTokens).ToString(CultureInfo.InvariantCulture) : "-", r.Entries.ToString(CultureInfo.InvariantCulture), r.Status]),
            empty: $"No past runs of {agent.Name} in rig {rig.Name}.");
        return ExitCodes.Ok;
    }

    /// <summary>One past run's transcript, every page of it.</summary>
    private static async Task<int> TranscriptAsync(CommandContext context, string name, string runKey)
    {
        var (rig, _, found) = await PastRunsAsync(context, name);
        var chosen = Targets.Run(found, runKey);
        long? after = null;
        do
        {
            var page = await context.Api.ApiRigsBeadsRunsTranscriptAsync(rig.Id, chosen.BeadId!.Value, chosen.Id, after, 1000, context.Cancellation);
            foreach (var entry in page.Entries)
            {
                if (context.Print.Json) context.Terminal.Output.WriteLine(JsonSerializer.Serialize(entry, Printer.CompactJson));
                else context.Terminal.Output.WriteLine(StreamLine(new StreamEvent(entry.Seq, entry.At, entry.Kind, entry.Stream, entry.Text, entry.Detail is null ? null : new Dictionary<string, string>(entry.Detail))));
            }
            after = page.NextAfter;
        }
        while (after is not null);
        return ExitCodes.Ok;
    }

    private static async Task<(RigResponse Rig, AgentResponse Agent, List<AgentRunResponse> Runs)> PastRunsAsync(CommandContext context, string name)
    {
        const int RecentBeads = 50;
        var town = await context.Targets.TownDetailsAsync();
        var (rig, agent) = await context.Targets.AgentAsync(town, name);
        if (rig is null) throw CliException.Usage("the mayor's runs are not kept: its conversation is `gastown mayor`.");
        var found = new List<AgentRunResponse>();
        foreach (var bead in (await context.Api.ApiRigsBeadsGetWithCursorAsync(rig.Id, null, RecentBeads, null, context.Cancellation)).Items)
            found.AddRange((await context.Api.ApiRigsBeadsRunsAsync(rig.Id, bead.Id, context.Cancellation)).Where(r => r.AgentId == agent.Id));
        return (rig, agent, found.OrderByDescending(r => r.StartedAt).ToList());
    }

    private static string StreamLine(StreamEvent item) => item.Kind switch
    {
        "output" => item.Stream == "stderr" ? $"! {item.Text}" : item.Text,
        "tool_call" => $"→ {item.Detail?.GetValueOrDefault("tool") ?? item.Text}",
        "tool_result" => $"← {item.Detail?.GetValueOrDefault("tool") ?? item.Text}",
        _ => $"[{item.Kind}] {item.Text}",
    };

    /// <summary>One event of an agent's stream, as the server sends it.</summary>
    private sealed record StreamEvent(long Sequence, DateTimeOffset At, string Kind, string? Stream, string Text, Dictionary<string, string>? Detail);
}
