using Gastown.Application.Users.CreateUser;
using Gastown.Domain.Users;

namespace Gastown.Application.Users.IssueToken;

/// <summary>The operator's <c>tokens add &lt;user&gt;</c>: one more token for an existing user.</summary>
public sealed record IssueTokenCommand(string UserName) : ICommand<Result<IssuedToken>>, ISystemRequest;

internal sealed class IssueTokenHandler(IUserDirectory users, TimeProvider clock) : ICommandHandler<IssueTokenCommand, Result<IssuedToken>>
{
    public async ValueTask<Result<IssuedToken>> Handle(IssueTokenCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(command.UserName, cancellationToken);
        if (user is null) return Result.NotFound($"No user named '{command.UserName}'.");

        var secret = ApiTokenSecret.Generate();
        await users.AddTokenAsync(new ApiToken(Guid.NewGuid(), user.Id, ApiTokenSecret.Hash(secret), clock.GetUtcNow(), null), cancellationToken);
        return new IssuedToken(user.Id, user.Name, secret);
    }
}
