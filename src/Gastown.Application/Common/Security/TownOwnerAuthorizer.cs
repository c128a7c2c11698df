using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for authorizers of requests that only the owner of the named town may send.</summary>
public abstract class TownOwnerAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : ITownRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.OwnsTownAsync(request.TownId, cancellationToken);
}
