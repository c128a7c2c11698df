namespace Gastown.Application.Users.RevokeTokens;

/// <summary>The operator's <c>tokens revoke &lt;user&gt;</c>: every token of the user stops working at once.</summary>
public sealed record RevokeTokensCommand(string UserName) : ICommand<Result<int>>, ISystemRequest;

internal sealed class RevokeTokensHandler(IUserDirectory users, TimeProvider clock) : ICommandHandler<RevokeTokensCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(RevokeTokensCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(command.UserName, cancellationToken);
        return user is null
            ? Result.NotFound($"No user named '{command.UserName}'.")
            : await users.RevokeTokensAsync(user.Id, clock.GetUtcNow(), cancellationToken);
    }
}
