namespace Gastown.Cli.Commands;

/// <summary>`sling`, `beads`, `bead`, `cancel`, `retry`, `hold` and `release`: the work of the town's rigs.</summary>
internal static class WorkCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var rig = new Argument<string>("rig") { Description = "The rig (name or id)." };
        var title = new Argument<string>("title") { Description = "What to do, in one line." };
        var body = new Option<string?>("--body") { Description = "The details." };
        var bodyFile = new Option<FileInfo?>("--body-file") { Description = "The details, from a file ('-': stdin)." };
        var model = new Option<string?>("--model") { Description = "The model for this bead (default: the town's)." };
        var after = new Option<string[]>("--after")
        {
            Description = "Start only after these beads (of any rig of the town) have merged; repeat for several.",
            AllowMultipleArgumentsPerToken = true,
        };
        yield return commands.Create("sling", "Hand a new bead to a rig: a free polecat takes it at once, else it waits in the queue.", async (context, parse) =>
        {
            var text = parse.GetValue(body);
            if (parse.GetValue(bodyFile) is { } file)
            {
                if (text is not null) throw CliException.Usage("--body and --body-file contradict each other.");
                text = await context.ReadFileAsync(file);
            }
            var town = await context.Targets.TownDetailsAsync();
            var target = await context.Targets.RigAsync(town, parse.GetRequiredValue(rig));
            var blockers = new List<Guid>();
            foreach (var blocker in parse.GetValue(after) ?? [])
                blockers.Add((await context.Targets.BeadAsync(town, blocker)).Bead.Id);
            var request = new SlingBody { Title = parse.GetRequiredValue(title), Body = text, Model = parse.GetValue(model), DependsOn = blockers.Count > 0 ? blockers : null };
            var slung = await context.Api.ApiRigsSlingAsync(target.Id, idempotency_Key: null, request, context.Cancellation);
            var who = slung.Queued || slung.Agent is null ? (blockers.Count > 0 ? $"waits until {blockers.Count} other bead(s) merged" : "queued until a polecat is free") : $"hooked by {slung.Agent.Name}";
            context.Print.Done($"Slung bead {slung.Bead.Id} to rig {target.Name}: {who}.", slung);
        }, rig, title, body, bodyFile, model, after);

        var beadsRig = new Argument<string?>("rig") { Description = "One rig (name or id); none: every rig of the town.", Arity = ArgumentArity.ZeroOrOne };
        var status = new Option<string?>("--status") { Description = "Only beads in this status: open, in_progress, closed, cancelled." };
        yield return commands.Create("beads", "The beads of the town's rigs, newest first.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var rigs = parse.GetValue(beadsRig) is { } one ? [await context.Targets.RigAsync(town, one)] : town.Rigs.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var rows = new List<(RigResponse Rig, BeadResponse Bead)>();
            foreach (var each in rigs)
                rows.AddRange((await context.Targets.AllBeadsAsync(each.Id, parse.GetValue(status))).Select(b => (each, b)));
            if (context.Print.Json)
            {
                context.Print.Data(rows.Select(r => r.Bead));
                return;
            }
            var agents = await AgentNamesAsync(context, rigs);
            context.Print.Table(["ID", "RIG", "STATUS", "TITLE", "AGENT", "UPDATED"],
                rows.OrderByDescending(r => r.Bead.CreatedAt).Select(r => (IReadOnlyList<string?>)[Printer.Short(r.Bead.Id), r.Rig.Name, BeadState(r.Bead), r.Bead.Title,
                    r.Bead.AssigneeAgentId is { } a ? agents.GetValueOrDefault(a, Printer.Short(a)) : "-", Printer.Time(r.Bead.UpdatedAt)]),
                empty: "No beads.");
        }, beadsRig, status);

        var beadId = new Argument<string>("bead") { Description = "The bead's id (or its first characters)." };
        yield return commands.Create("bead", "One bead and its ledger of events.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var (home, bead) = await context.Targets.BeadAsync(town, parse.GetRequiredValue(beadId));
            var events = (await context.Api.ApiRigsBeadsEventsAsync(home.Id, bead.Id, context.Cancellation)).OrderBy(e => e.Id).ToList();
            if (context.Print.Json)
            {
                context.Print.Data(new { bead, rig = home.Name, events });
                return;
            }
            context.Print.Line($"{bead.Title}");
            context.Print.Line($"  id       {bead.Id}");
            context.Print.Line($"  rig      {home.Name}");
            context.Print.Line($"  status   {BeadState(bead)}");
            if (bead.LastError is { } error) context.Print.Line($"  error    {error}");
            if (bead.DependsOn is { Count: > 0 } dependsOn) context.Print.Line($"  after    {string.Join(", ", dependsOn.Select(id => Printer.Short(id)))}");
            if (bead.Blockers is { Count: > 0 } blockers) context.Print.Line($"  waits on {string.Join(", ", blockers.Select(b => $"{Printer.Short(b.BeadId)} ({b.Status})"))}");
            if (bead.Body is { Length: > 0 } text) context.Print.Line($"  body     {text.ReplaceLineEndings("\n           ")}");
            var agents = await AgentNamesAsync(context, [home]);
            context.Print.Table(["TIME", "EVENT", "AGENT", "CHANGE"],
                events.Select(e => (IReadOnlyList<string?>)[Printer.Time(e.CreatedAt), e.Type, e.AgentId is { } a ? agents.GetValueOrDefault(a, Printer.Short(a)) : "-", Change(e.OldValue, e.NewValue)]));
        }, beadId);

        yield return BeadAction(commands, "cancel", "Cancel a bead: its agent is stopped and it is never dispatched again.", (api, rigId, id, ct) => api.ApiRigsBeadsCancelAsync(rigId, id, ct), "Cancelled");
        yield return BeadAction(commands, "retry", "Retry a bead that was given up (escalated, or failed to dispatch).", (api, rigId, id, ct) => api.ApiRigsBeadsRetryAsync(rigId, id, ct), "Retried");
        yield return BeadAction(commands, "hold", "Hold a bead: it is never dispatched until released.", (api, rigId, id, ct) => api.ApiRigsBeadsHoldAsync(rigId, id, ct), "Held");
        yield return BeadAction(commands, "release", "Release a held bead: it is dispatched again once ready.", (api, rigId, id, ct) => api.ApiRigsBeadsReleaseAsync(rigId, id, ct), "Released");
    }

    private static Command BeadAction(CommandFactory commands, string name, string description, Func<GastownApi, Guid, Guid, CancellationToken, Task<BeadResponse>> act, string done)
    {
        var beadId = new Argument<string>("bead") { Description = "The bead's id (or its first characters)." };
        return commands.Create(name, description, async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var (home, bead) = await context.Targets.BeadAsync(town, parse.GetRequiredValue(beadId));
            var changed = await act(context.Api, home.Id, bead.Id, context.Cancellation);
            context.Print.Done($"{done} bead {changed.Id} ({changed.Title}): {BeadState(changed)}.", changed);
        }, beadId);
    }

    /// <summary>The bead's status, with why it waits when it does.</summary>
    public static string BeadState(BeadResponse bead) =>
        bead.Held == true && bead.Status == "open" ? $"{bead.Status} (held)"
        : bead.BlockedBy is { Count: > 0 } blockedBy && bead.Status == "open" ? $"{bead.Status} (blocked by {string.Join(", ", blockedBy.Select(id => Printer.Short(id)))})"
        : bead.PausedReason is { Length: > 0 } paused ? $"{bead.Status} (paused: {paused})"
        : bead.EscalatedAt is not null && bead.Status == "open" ? $"{bead.Status} (escalated)"
        : bead.Status;

    private static string Change(string? from, string? to) => (from, to) switch
    {
        (null, null) => "",
        (null, var value) => value!,
        (var value, null) => value + " →",
        _ => $"{from} → {to}",
    };

    /// <summary>Agent names by id, for the rigs shown.</summary>
    public static async Task<Dictionary<Guid, string>> AgentNamesAsync(CommandContext context, IEnumerable<RigResponse> rigs)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var rig in rigs)
            foreach (var agent in await context.Api.ApiRigsAgentsGetAsync(rig.Id, context.Cancellation))
                names[agent.Id] = agent.Name;
        return names;
    }
}
