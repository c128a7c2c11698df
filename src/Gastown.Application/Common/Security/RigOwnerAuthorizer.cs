namespace Gastown.Application.Common.Security;

/// <summary>The authorizer of every <see cref="IRigRequest"/>: only the owner of the named rig's town may send it.</summary>
public sealed class RigOwnerAuthorizer<TRequest>(ResourceAccess access) : IAuthorizer<TRequest>
    where TRequest : IRigRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.OwnsRigAsync(request.RigId, cancellationToken);
}
