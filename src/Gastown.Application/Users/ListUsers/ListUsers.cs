using Ardalis.Result;
using Gastown.Application.Common.Ports;
using Mediator;

namespace Gastown.Application.Users.ListUsers;

/// <summary>The operator's <c>users list</c>.</summary>
public sealed record ListUsers : IQuery<Result<IReadOnlyList<UserSummary>>>;

internal sealed class ListUsersHandler(IUserDirectory users) : IQueryHandler<ListUsers, Result<IReadOnlyList<UserSummary>>>
{
    public async ValueTask<Result<IReadOnlyList<UserSummary>>> Handle(ListUsers query, CancellationToken cancellationToken) =>
        Result.Success(await users.ListUsersAsync(cancellationToken));
}
