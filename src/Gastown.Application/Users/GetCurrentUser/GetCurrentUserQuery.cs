namespace Gastown.Application.Users.GetCurrentUser;

/// <summary>The signed-in user's id.</summary>
public sealed record GetCurrentUserQuery : IQuery<Result<CurrentUser>>, IUserRequest;

public sealed record CurrentUser(Guid Id);

internal sealed class GetCurrentUserHandler(ICurrentActor current) : IQueryHandler<GetCurrentUserQuery, Result<CurrentUser>>
{
    public ValueTask<Result<CurrentUser>> Handle(GetCurrentUserQuery query, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Result.Success(new CurrentUser(current.Actor.UserId!.Value)));
}
