using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>Base for the authorizers of agent-plane requests.</summary>
public abstract class AgentSelfAuthorizer<TRequest>(AgentAccess access) : IAuthorizer<TRequest>
    where TRequest : IAgentRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        access.AuthorizeAsync(request.AgentId, cancellationToken);
}
