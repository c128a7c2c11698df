namespace Gastown.Application.Common.Security;

/// <summary>The authorizer of every <see cref="IUserRequest"/>: any signed-in user (createTown, listTowns).</summary>
public sealed class SignedInUserAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : IUserRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.SignedInUser());
}
