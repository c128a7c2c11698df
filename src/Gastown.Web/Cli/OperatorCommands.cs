using Ardalis.Result;
using Gastown.Application.Common.Security;
using Gastown.Application.Users.CreateUser;
using Gastown.Application.Users.EnsureAdminUser;
using Gastown.Application.Users.IssueToken;
using Gastown.Application.Users.ListUsers;
using Gastown.Application.Users.RevokeTokens;

namespace Gastown.Web.Cli;

/// <summary>
/// The operator's commands, run instead of the server: <c>users add NAME</c>, <c>users list</c>,
/// <c>tokens add USER</c>, <c>tokens revoke USER</c>, <c>agents install [NAME…]</c>, <c>agents list</c>. They go through the mediator as the system actor, and a new
/// token is always the last line printed.
/// </summary>
public static class OperatorCommands
{
    public const string Usage = "usage: users add <name> | users list | tokens add <user> | tokens revoke <user> | " + AgentCommands.Usage;

    public static bool Handles(string[] args) => args is ["users" or "tokens" or "agents", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is ["agents", ..]) return await AgentCommands.RunAsync(services, args, output);

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();

        switch (args)
        {
            case ["users", "add", var name]:
                return Report(await sender.Send(new CreateUserCommand(name)), output, issued => $"Created user {issued.UserName}. Token:\n{issued.Token}");
            case ["users", "list"]:
                return Report(await sender.Send(new ListUsersQuery()), output, users =>
                    string.Join('\n', users.Select(u => $"{u.Name}\t{u.Id}\tcreated {u.CreatedAt:u}\t{u.ActiveTokens} active token(s)")));
            case ["tokens", "add", var user]:
                return Report(await sender.Send(new IssueTokenCommand(user)), output, issued => $"New token for {issued.UserName}:\n{issued.Token}");
            case ["tokens", "revoke", var user]:
                return Report(await sender.Send(new RevokeTokensCommand(user)), output, count => $"Revoked {count} token(s) of {user}.");
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>On the very first start (no user at all) creates <c>admin</c> and prints its token, once.</summary>
    public static async Task PrintAdminTokenOnFirstStartAsync(IServiceProvider services, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ActorContext>().Set(Actor.System);
        var admin = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new EnsureAdminUserCommand());
        if (admin.Value is { } issued) await output.WriteLineAsync($"Admin token: {issued.Token}");
    }

    private static int Report<T>(Result<T> result, TextWriter output, Func<T, string> describe)
    {
        if (result.IsSuccess)
        {
            output.WriteLine(describe(result.Value));
            return 0;
        }
        output.WriteLine($"error ({result.Status}): {string.Join(" ", result.Errors.Concat(result.ValidationErrors.Select(e => e.ErrorMessage)))}");
        return 1;
    }
}
