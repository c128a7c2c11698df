namespace Gastown.Application.Common.Security;

/// <summary>The authorizer of every <see cref="IMayorRequest"/>: the town's mayor, and for an <see cref="IMayorRigRequest"/> a rig of its town.</summary>
public sealed class MayorAuthorizer<TRequest>(AgentAccess access) : IAuthorizer<TRequest>
    where TRequest : IMayorRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.AuthorizeMayorAsync(request.AgentId, (request as IMayorRigRequest)?.RigId, cancellationToken);
}
