namespace Gastown.Application.Common.Security;

/// <summary>The authorizer of every <see cref="ITownRequest"/>: only the owner of the named town may send it.</summary>
public sealed class TownOwnerAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : ITownRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.OwnsTownAsync(request.TownId, cancellationToken);
}
