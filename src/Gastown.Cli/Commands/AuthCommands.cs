using Gastown.Cli.Config;

namespace Gastown.Cli.Commands;

/// <summary>`login`, `logout`, `whoami` and `use`: who the CLI acts as, on which server, in which town.</summary>
internal static class AuthCommands
{
    public static IEnumerable<Command> Build(CommandFactory commands)
    {
        var url = new Argument<string>("url") { Description = "The server, e.g. http://127.0.0.1:5000" };
        var token = new Option<string?>("--token") { Description = "A user token (gt_…). Without it the token is asked for (not echoed), or read from stdin." };
        yield return commands.Create("login", "Remember a server and your token (in your config directory, mode 0600).", LoginAsync, url, token);
        yield return commands.Create("logout", "Forget the server and token.", (context, _) =>
        {
            var removed = context.ConfigFile.Delete();
            context.Print.Done(removed ? "Logged out." : "Not logged in.", new { loggedOut = removed });
            return Task.CompletedTask;
        });
        yield return commands.Create("whoami", "The user the token belongs to, and the server.", WhoAmIAsync);

        var town = new Argument<string>("town") { Description = "A town's name or id." };
        yield return commands.Create("use", "Make a town the default for every command (--town still wins).", UseAsync, town);

        async Task LoginAsync(CommandContext context, ParseResult parse)
        {
            var server = Session.ServerUrl(parse.GetRequiredValue(url));
            var secret = parse.GetValue(token) ?? context.Terminal.ReadSecret("Token:");
            using var session = Session.Connect(server, secret);
            var me = await session.Api.ApiMeAsync(context.Cancellation);
            var previous = context.Config;
            context.ConfigFile.Save(new CliConfig(server.AbsoluteUri, secret, previous.Url == server.AbsoluteUri ? previous.Town : null));
            context.Print.Done($"Logged in to {server} as user {me.Id}.", new { url = server.AbsoluteUri, user = me.Id, config = context.ConfigFile.Path });
        }

        async Task WhoAmIAsync(CommandContext context, ParseResult parse)
        {
            var me = await context.Api.ApiMeAsync(context.Cancellation);
            context.Print.Done($"user {me.Id} at {context.Session.Server}", new { url = context.Session.Server.AbsoluteUri, user = me.Id });
        }

        async Task UseAsync(CommandContext context, ParseResult parse)
        {
            var name = parse.GetRequiredValue(town);
            var towns = await context.Api.ApiTownsGetAsync(context.Cancellation);
            var chosen = towns.FirstOrDefault(t => t.Name == name || t.Id.ToString() == name)
                ?? throw CliException.NotFound($"no town '{name}'.");
            context.ConfigFile.Save(context.Config with { Url = context.Config.Url ?? context.Session.Server.AbsoluteUri, Town = chosen.Id.ToString() });
            context.Print.Done($"Using town {chosen.Name} ({chosen.Id}).", chosen);
        }
    }
}
