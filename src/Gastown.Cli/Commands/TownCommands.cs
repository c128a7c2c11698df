namespace Gastown.Cli.Commands;

/// <summary>`towns` and `town create|rename|delete`.</summary>
internal static class TownCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        yield return commands.Create("towns", "Your towns.", async (context, _) =>
        {
            var towns = (await context.Api.ApiTownsGetAsync(context.Cancellation)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
            if (context.Print.Json)
            {
                context.Print.Data(towns);
                return;
            }
            var chosen = context.Terminal.Variable("GASTOWN_TOWN") ?? context.Config.Town;
            context.Print.Table(["", "NAME", "ID", "CREATED"],
                towns.Select(t => (IReadOnlyList<string?>)[chosen == t.Id.ToString() || chosen == t.Name ? "*" : "", t.Name, t.Id.ToString(), Printer.Time(t.CreatedAt)]),
                empty: "No towns yet: create one with `gastown town create <name>`.");
        });

        var name = new Argument<string>("name") { Description = "The town's name." };
        var create = commands.Create("create", "Create a town.", async (context, parse) =>
        {
            var town = await context.Api.ApiTownsPostAsync(new CreateTownBody { Name = parse.GetRequiredValue(name) }, context.Cancellation);
            context.Print.Done($"Created town {town.Name} ({town.Id}).", town);
        }, name);

        var target = new Argument<string>("town") { Description = "The town (name or id)." };
        var newName = new Argument<string>("new-name") { Description = "Its new name." };
        var rename = commands.Create("rename", "Rename a town.", async (context, parse) =>
        {
            var town = await FindAsync(context, parse.GetRequiredValue(target));
            var renamed = await context.Api.ApiTownsPatchAsync(town.Id, new UpdateTownBody { Name = parse.GetRequiredValue(newName) }, context.Cancellation);
            context.Print.Done($"Renamed town {town.Name} to {renamed.Name}.", renamed);
        }, target, newName);

        var deleteTarget = new Argument<string>("town") { Description = "The town (name or id)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var delete = commands.Create("delete", "Delete a town with its rigs, beads and agents.", async (context, parse) =>
        {
            var town = await FindAsync(context, parse.GetRequiredValue(deleteTarget));
            Confirm(context, parse.GetValue(yes), $"Delete town {town.Name} with all its rigs, beads and agents?");
            var deletion = await DeleteAsync(() => context.Api.ApiTownsDeleteAsync(town.Id, context.Cancellation), town.Id);
            context.Print.Done($"Deleted town {town.Name}.", deletion);
        }, deleteTarget, yes);

        yield return CommandFactory.Group("town", "Create, rename or delete a town.", create, rename, delete);
    }

    private static async Task<TownResponse> FindAsync(CommandContext context, string key)
    {
        var towns = await context.Api.ApiTownsGetAsync(context.Cancellation);
        return towns.FirstOrDefault(t => t.Name == key || t.Id.ToString() == key) ?? throw CliException.NotFound($"no town '{key}'.");
    }

    /// <summary>A destructive command asks first at a terminal; a script must say --yes.</summary>
    public static void Confirm(CommandContext context, bool yes, string question)
    {
        if (yes) return;
        if (!context.Terminal.Interactive) throw CliException.Usage("this deletes data: pass --yes to confirm.");
        if (!Spectre.Console.AnsiConsoleExtensions.Confirm(context.Terminal.Ansi, question, defaultValue: false))
            throw new CliException(ExitCodes.Failed, "Nothing deleted.");
    }

    /// <summary>202 with the pending stores, or 204 when nothing was left to delete in the background.</summary>
    public static async Task<DeletionResponse> DeleteAsync(Func<Task<DeletionResponse>> delete, Guid id)
    {
        try
        {
            return await delete();
        }
        catch (ApiException done) when (done.StatusCode == 204)
        {
            return new DeletionResponse { Id = id, PendingStores = 0 };
        }
    }
}
