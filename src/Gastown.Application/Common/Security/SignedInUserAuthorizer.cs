using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for authorizers of requests any signed-in user may send (createTown, listTowns).</summary>
public abstract class SignedInUserAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.SignedInUser());
}
