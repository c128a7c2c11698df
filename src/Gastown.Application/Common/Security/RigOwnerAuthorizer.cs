using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for authorizers of requests that only the owner of the named rig's town may send.</summary>
public abstract class RigOwnerAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : IRigRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.OwnsRigAsync(request.RigId, cancellationToken);
}
