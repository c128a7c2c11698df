using System.CommandLine.Parsing;

namespace Gastown.Cli.Commands;

/// <summary>`rigs` and `rig add|set|rm`.</summary>
internal static class RigCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        yield return commands.Create("rigs", "The rigs of the town.", async (context, _) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var rigs = town.Rigs.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (context.Print.Json)
            {
                context.Print.Data(rigs);
                return;
            }
            context.Print.Table(["NAME", "ID", "GIT URL", "BRANCH", "CAP", "REVIEW", "HEALTH"],
                rigs.Select(r => (IReadOnlyList<string?>)[r.Name, Printer.Short(r.Id), r.GitUrl, r.DefaultBranch, r.MaxPolecats?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "town",
                    r.Review?.Mode ?? "auto", r.Health is { } h ? h.Status : "-"]),
                empty: $"No rigs in town {town.Name}: add one with `gastown rig add <name> <git-url>`.");
        });

        var name = new Argument<string>("name") { Description = "The rig's name." };
        var gitUrl = new Argument<string>("git-url") { Description = "The repository to work on." };
        var branch = new Option<string?>("--branch", "-b") { Description = "Its default branch (default: the server's default, main)." };
        var add = commands.Create("add", "Add a rig (a git repository) to the town.", async (context, parse) =>
        {
            var town = await context.Targets.TownAsync();
            var rig = await context.Api.ApiTownsRigsPostAsync(town.Id, new CreateRigBody
            {
                Name = parse.GetRequiredValue(name),
                GitUrl = parse.GetRequiredValue(gitUrl),
                DefaultBranch = parse.GetValue(branch),
            }, context.Cancellation);
            context.Print.Done($"Added rig {rig.Name} ({rig.Id}) to town {town.Name}.", rig);
        }, name, gitUrl, branch);

        var rigArgument = new Argument<string>("rig") { Description = "The rig (name or id)." };
        var cap = new Option<int?>("--cap") { Description = "At most this many polecats at once (0: the town's default)." };
        var gates = new Option<string[]>("--gate") { Description = "A gate command run before a merge (repeat for more; split like a shell would, never run by one).", AllowMultipleArgumentsPerToken = false };
        var noGates = new Option<bool>("--no-gates") { Description = "Remove every gate." };
        var mode = new Option<string?>("--mode") { Description = "Review mode: auto (merge when the gates pass) or approve (wait for `gastown approve`)." };
        var rounds = new Option<int?>("--max-review-rounds") { Description = "Escalate after this many rounds of requested changes." };
        var gateTimeout = new Option<int?>("--gate-timeout") { Description = "Seconds a gate may run." };
        var rename = new Option<string?>("--name") { Description = "A new name." };
        var newBranch = new Option<string?>("--branch") { Description = "A new default branch." };
        var set = commands.Create("set", "Change a rig: its cap, review gates and mode, name or branch.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var rig = await context.Targets.RigAsync(town, parse.GetRequiredValue(rigArgument));
            var gateList = parse.GetValue(gates) ?? [];
            var clear = parse.GetValue(noGates);
            if (clear && gateList.Length > 0) throw CliException.Usage("--gate and --no-gates contradict each other.");
            RigReviewPatch? review = null;
            if (gateList.Length > 0 || clear || parse.GetValue(mode) is not null || parse.GetValue(rounds) is not null || parse.GetValue(gateTimeout) is not null)
            {
                review = new RigReviewPatch
                {
                    Gates = clear ? [] : gateList.Length > 0 ? [.. gateList.Select(g => (ICollection<string>)[.. CommandLineParser.SplitCommandLine(g)])] : null,
                    Mode = parse.GetValue(mode),
                    MaxReviewRounds = parse.GetValue(rounds),
                    GateTimeout = parse.GetValue(gateTimeout),
                };
            }
            var body = new UpdateRigBody { Name = parse.GetValue(rename), DefaultBranch = parse.GetValue(newBranch), MaxPolecats = parse.GetValue(cap), Review = review };
            if (body is { Name: null, DefaultBranch: null, MaxPolecats: null, Review: null })
                throw CliException.Usage("nothing to change: give --cap, --gate, --no-gates, --mode, --max-review-rounds, --gate-timeout, --name or --branch.");
            var updated = await context.Api.ApiRigsPatchAsync(rig.Id, body, context.Cancellation);
            context.Print.Done($"Updated rig {updated.Name}.", updated);
        }, rigArgument, cap, gates, noGates, mode, rounds, gateTimeout, rename, newBranch);

        var removed = new Argument<string>("rig") { Description = "The rig (name or id)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var rm = commands.Create("rm", "Remove a rig with its beads and agents.", async (context, parse) =>
        {
            var town = await context.Targets.TownDetailsAsync();
            var rig = await context.Targets.RigAsync(town, parse.GetRequiredValue(removed));
            TownCommands.Confirm(context, parse.GetValue(yes), $"Remove rig {rig.Name} with its beads and agents?");
            var deletion = await TownCommands.DeleteAsync(() => context.Api.ApiRigsDeleteAsync(rig.Id, context.Cancellation), rig.Id);
            context.Print.Done($"Removed rig {rig.Name}.", deletion);
        }, removed, yes);

        yield return CommandFactory.Group("rig", "Add, change or remove a rig.", add, set, rm);
    }
}
