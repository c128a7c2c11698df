using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using Tomlyn;

namespace Gastown.Cli.Commands;

/// <summary>`convoy create|list|show|start|close`: a feature planned as a graph of beads, run in order.</summary>
internal static class ConvoyCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "The plan: JSON or TOML ({title, tasks: [{rig, title, body?, dependsOn: [index…]}], mode?, staged?}); indexes count from 0.",
            Required = true,
        };
        var staged = new Option<bool>("--staged") { Description = "Create it staged: nothing runs until `convoy start`." };
        var mode = new Option<string?>("--mode") { Description = "direct (each bead merges into the default branch) or land (one feature branch per rig, landed at the end)." };
        var create = commands.Create("create", "Create a convoy from a plan file.", async (context, parse) =>
        {
            var plan = await ReadPlanAsync(context, parse.GetRequiredValue(file));
            if (parse.GetValue(staged)) plan.Staged = true;
            if (parse.GetValue(mode) is { } chosen) plan.Mode = chosen;
            var town = await context.Targets.TownAsync();
            var convoy = await context.Api.ApiTownsConvoysPostAsync(town.Id, idempotency_Key: null, plan, context.Cancellation);
            context.Print.Done($"Created convoy {convoy.Id} ({convoy.Title}): {convoy.Total} beads, {convoy.Status}.", convoy);
        }, file, staged, mode);

        var status = new Option<string?>("--status") { Description = "Only convoys in this status: staged, active, blocked, landing, landed, closed." };
        var list = commands.Create("list", "The town's convoys, newest first.", async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var convoys = (await context.Api.ApiTownsConvoysGetAsync(town.Id, parse.GetValue(status), context.Cancellation)).OrderByDescending(c => c.CreatedAt).ToList();
            if (context.Print.Json)
            {
                context.Print.Data(convoys);
                return;
            }
            context.Print.Table(["ID", "STATUS", "MODE", "DONE", "FAILED", "TITLE", "CREATED"],
                convoys.Select(c => (IReadOnlyList<string?>)[Printer.Short(c.Id), Status(c.Status, c.Stranded), c.Mode, $"{c.Closed}/{c.Total}", c.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Title, Printer.Time(c.CreatedAt)]),
                empty: "No convoys.");
        }, status);

        var showTarget = new Argument<string>("convoy") { Description = "The convoy (title, id or its first characters)." };
        var watch = new Option<bool>("--watch", "-w") { Description = "Keep the tree up to date (Ctrl-C to stop)." };
        var show = commands.Create("show", "A convoy's dependency tree, each bead with its live status.", async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var convoy = await context.Targets.ConvoyAsync(town, parse.GetRequiredValue(showTarget));
            var detail = await context.Api.ApiTownsConvoysGetAsync(town.Id, convoy.Id, context.Cancellation);
            if (context.Print.Json)
            {
                if (parse.GetValue(watch)) throw CliException.Usage("--watch draws the tree for people; scripts poll `gastown convoy show --json`.");
                context.Print.Data(detail);
                return;
            }
            context.Terminal.Output.Write(TreeText(detail));
            if (!parse.GetValue(watch)) return;
            try
            {
                var last = TreeText(detail);
                while (true)
                {
                    await context.Terminal.Output.FlushAsync(context.Cancellation);
                    await Task.Delay(TimeSpan.FromSeconds(1), context.Cancellation);
                    var next = TreeText(await context.Api.ApiTownsConvoysGetAsync(town.Id, convoy.Id, context.Cancellation));
                    if (next == last) continue;
                    if (context.Terminal.Interactive) context.Terminal.Ansi.Clear(home: true);
                    else context.Terminal.Output.Write("\n");
                    context.Terminal.Output.Write(last = next);
                }
            }
            catch (OperationCanceledException) when (context.Cancellation.IsCancellationRequested)
            {
                // Ctrl-C: the watch is over.
            }
        }, showTarget, watch);

        yield return CommandFactory.Group("convoy", "Plan a feature as a graph of beads, run it in order, land it once.",
            create, list, show,
            Action(commands, "start", "Start a staged convoy: its ready beads are dispatched.", (api, town, id, ct) => api.ApiTownsConvoysStartAsync(town, id, ct), "Started"),
            Action(commands, "close", "Close a convoy: its open beads are cancelled and their agents stopped.", (api, town, id, ct) => api.ApiTownsConvoysCloseAsync(town, id, ct), "Closed"));
    }

    private static Command Action(CommandFactory commands, string name, string description, Func<GastownApi, Guid, Guid, CancellationToken, Task<ConvoyDetailResponse>> act, string done)
    {
        var target = new Argument<string>("convoy") { Description = "The convoy (title, id or its first characters)." };
        return commands.Create(name, description, async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var convoy = await context.Targets.ConvoyAsync(town, parse.GetRequiredValue(target));
            var changed = await act(context.Api, town.Id, convoy.Id, context.Cancellation);
            context.Print.Done($"{done} convoy {changed.Id} ({changed.Title}): {changed.Status}.", changed);
        }, target);
    }

    /// <summary>
    /// The convoy as a tree: each bead under the beads it waits on (a bead with several blockers shows under each,
    /// in full once, then as "see above"), beads nothing waits on at the top; in land mode first its feature branch and
    /// each rig's landing review.
    /// </summary>
    public static string TreeText(ConvoyDetailResponse convoy)
    {
        var beads = convoy.Beads.ToDictionary(b => b.Id);
        var order = convoy.Beads.Select((b, i) => (b.Id, i)).ToDictionary(x => x.Id, x => x.i); // the plan's order
        var dependents = convoy.Edges.Where(e => beads.ContainsKey(e.DependsOn) && beads.ContainsKey(e.BeadId))
            .GroupBy(e => e.DependsOn).ToDictionary(g => g.Key, g => g.Select(e => e.BeadId).OrderBy(id => order[id]).ToList());
        var waiting = convoy.Edges.Where(e => beads.ContainsKey(e.DependsOn)).Select(e => e.BeadId).ToHashSet();
        var text = new System.Text.StringBuilder();
        text.Append($"{convoy.Title}  {Status(convoy.Status, convoy.Stranded)}  {convoy.Mode}  {convoy.Closed}/{convoy.Total} merged");
        if (convoy.Failed > 0) text.Append($", {convoy.Failed} failed");
        text.Append('\n');
        if (convoy.Stranded is { } stranded) text.Append($"stranded since {Printer.Time(stranded.Since)}: {stranded.Detail}\n");
        // Land mode: the feature branch, and per rig its landing merge's review (none until every bead merged).
        if (convoy.FeatureBranch is { } feature)
        {
            text.Append($"feature branch {feature}\n");
            foreach (var landing in convoy.Landing ?? [])
                text.Append($"  landing into {landing.RigName}: {(landing.ReviewId is { } review ? $"review {Printer.Short(review)} {landing.ReviewStatus}" : "not yet")}\n");
        }
        var shown = new HashSet<Guid>();
        var roots = convoy.Beads.Where(b => !waiting.Contains(b.Id)).ToList();
        for (var i = 0; i < roots.Count; i++) Draw(roots[i], "", i == roots.Count - 1);
        return text.ToString();

        void Draw(ConvoyBeadResponse bead, string indent, bool last)
        {
            var first = shown.Add(bead.Id);
            text.Append(indent).Append(last ? "└─ " : "├─ ").Append(Line(bead));
            if (!first)
            {
                text.Append("  (see above)\n");
                return;
            }
            text.Append('\n');
            var below = dependents.GetValueOrDefault(bead.Id) ?? [];
            for (var i = 0; i < below.Count; i++) Draw(beads[below[i]], indent + (last ? "   " : "│  "), i == below.Count - 1);
        }
    }

    /// <summary>The stored status, and why a running convoy is stranded: <c>active (stranded: cap reached)</c>.</summary>
    private static string Status(string status, ConvoyStrandedResponse? stranded) =>
        stranded is null ? status : $"{status} (stranded: {stranded.Reason.Replace('_', ' ')})";

    private static string Line(ConvoyBeadResponse bead)
    {
        var state = bead.Held ? $"{bead.Status} (held)"
            : bead.Escalated ? $"{bead.Status} (escalated)"
            : bead.BlockedBy.Count > 0 && bead.Status == "open" ? $"{bead.Status} (waits)"
            : bead.Status;
        var agent = bead.Agent is { } working ? $"  {working.Name}" : "";
        return $"{Printer.Short(bead.Id)}  {bead.RigName}  {state}  {bead.Title}{agent}";
    }

    private static async Task<CreateConvoyBody> ReadPlanAsync(CommandContext context, FileInfo file)
    {
        var text = await context.ReadFileAsync(file);
        Plan? plan;
        try
        {
            plan = file.Extension.Equals(".toml", StringComparison.OrdinalIgnoreCase)
                ? TomlSerializer.Deserialize<Plan>(text)
                : JsonSerializer.Deserialize<Plan>(text, PlanJson);
        }
        catch (Exception e) when (e is JsonException or TomlException)
        {
            throw CliException.Usage($"{file.Name} is not a plan: {e.Message}");
        }
        if (plan is null) throw CliException.Usage($"{file.Name} is empty.");
        return new CreateConvoyBody
        {
            Title = plan.Title ?? "",
            Mode = plan.Mode,
            Staged = plan.Staged,
            Tasks = [.. (plan.Tasks ?? []).Select(t => new ConvoyTask { Rig = t.Rig ?? "", Title = t.Title ?? "", Body = t.Body, Model = t.Model, Priority = t.Priority, Labels = t.Labels, DependsOn = t.DependsOn })],
        };
    }

    private static readonly JsonSerializerOptions PlanJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>A plan file as written; the server validates it (its 400 names the field at fault).</summary>
    private sealed class Plan
    {
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("mode")] public string? Mode { get; set; }
        [JsonPropertyName("staged")] public bool? Staged { get; set; }
        [JsonPropertyName("tasks")] public List<PlanTask>? Tasks { get; set; }
    }

    private sealed class PlanTask
    {
        [JsonPropertyName("rig")] public string? Rig { get; set; }
        [JsonPropertyName("title")] public string? Title { get; set; }
        [JsonPropertyName("body")] public string? Body { get; set; }
        [JsonPropertyName("model")] public string? Model { get; set; }
        [JsonPropertyName("priority")] public string? Priority { get; set; }
        [JsonPropertyName("labels")] public List<string>? Labels { get; set; }
        [JsonPropertyName("dependsOn")] public List<int>? DependsOn { get; set; }
    }
}
