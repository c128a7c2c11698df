using Gastown.Application.Users.CreateUser;
using Gastown.Domain.Users;

namespace Gastown.Application.Users.EnsureAdminUser;

/// <summary>
/// At start-up: when the directory has no user at all, create <c>admin</c> and hand back its token (printed once).
/// Answers null when users already exist.
/// </summary>
public sealed record EnsureAdminUserCommand : ICommand<Result<IssuedToken?>>, ISystemRequest
{
    public const string AdminName = "admin";
}

internal sealed class EnsureAdminUserHandler(IUserDirectory users, TimeProvider clock) : ICommandHandler<EnsureAdminUserCommand, Result<IssuedToken?>>
{
    public async ValueTask<Result<IssuedToken?>> Handle(EnsureAdminUserCommand command, CancellationToken cancellationToken)
    {
        if (await users.AnyUsersAsync(cancellationToken)) return Result.Success<IssuedToken?>(null);

        var now = clock.GetUtcNow();
        var admin = new User(Guid.NewGuid(), EnsureAdminUserCommand.AdminName, now);
        var secret = ApiTokenSecret.Generate();
        var added = await users.TryAddUserAsync(admin, new ApiToken(Guid.NewGuid(), admin.Id, ApiTokenSecret.Hash(secret), now, null), cancellationToken);
        return Result.Success<IssuedToken?>(added ? new IssuedToken(admin.Id, admin.Name, secret) : null);
    }
}
