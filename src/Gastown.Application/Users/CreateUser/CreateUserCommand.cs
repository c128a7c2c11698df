using Gastown.Domain.Users;

namespace Gastown.Application.Users.CreateUser;

/// <summary>The operator's <c>users add &lt;name&gt;</c>: a user and its first token, shown once.</summary>
public sealed record CreateUserCommand(string Name) : ICommand<Result<IssuedToken>>, ISystemRequest;

/// <summary>A token as handed to its owner: the secret exists only in this answer.</summary>
public sealed record IssuedToken(Guid UserId, string UserName, string Token);

internal sealed class CreateUserHandler(IUserDirectory users, TimeProvider clock) : ICommandHandler<CreateUserCommand, Result<IssuedToken>>
{
    public async ValueTask<Result<IssuedToken>> Handle(CreateUserCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new User(Guid.NewGuid(), command.Name, now);
        var secret = ApiTokenSecret.Generate();
        var token = new ApiToken(Guid.NewGuid(), user.Id, ApiTokenSecret.Hash(secret), now, null);

        return await users.TryAddUserAsync(user, token, cancellationToken)
            ? new IssuedToken(user.Id, user.Name, secret)
            : Result.Conflict($"A user named '{command.Name}' already exists.");
    }
}
