using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for the authorizers of the mayor's town tools.</summary>
public abstract class MayorAuthorizer<TRequest>(AgentAccess access) : IAuthorizer<TRequest>
    where TRequest : IAgentRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.AuthorizeMayorAsync(request.AgentId, (request as IMayorRigRequest)?.RigId, cancellationToken);
}
