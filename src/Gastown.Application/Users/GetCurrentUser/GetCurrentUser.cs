using Ardalis.Result;
using Gastown.Application.Common.Security;
using Mediator;

namespace Gastown.Application.Users.GetCurrentUser;

/// <summary>The signed-in user's id.</summary>
public sealed record GetCurrentUser : IQuery<Result<CurrentUser>>, IUserRequest;

public sealed record CurrentUser(Guid Id);

internal sealed class GetCurrentUserHandler(ICurrentActor current) : IQueryHandler<GetCurrentUser, Result<CurrentUser>>
{
    public ValueTask<Result<CurrentUser>> Handle(GetCurrentUser query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Result.Success(new CurrentUser(current.Actor.UserId!.Value)));
}
