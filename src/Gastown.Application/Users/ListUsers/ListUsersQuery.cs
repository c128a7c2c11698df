namespace Gastown.Application.Users.ListUsers;

/// <summary>The operator's <c>users list</c>.</summary>
public sealed record ListUsersQuery : IQuery<Result<IReadOnlyList<UserSummary>>>, ISystemRequest;

internal sealed class ListUsersHandler(IUserDirectory users) : IQueryHandler<ListUsersQuery, Result<IReadOnlyList<UserSummary>>>
{
    public async ValueTask<Result<IReadOnlyList<UserSummary>>> Handle(ListUsersQuery query, CancellationToken cancellationToken) =>
        Result.Success(await users.ListUsersAsync(cancellationToken));
}
