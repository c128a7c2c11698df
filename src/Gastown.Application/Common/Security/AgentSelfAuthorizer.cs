using Ardalis.Result;

namespace Gastown.Application.Common.Security;

/// <summary>
/// Base for the authorizers of agent-plane requests: the token's claims only. The handler checks the generation in
/// its own transaction (<see cref="AgentAccess.OpenAsync"/>), so the call opens the agent's store once.
/// </summary>
public abstract class AgentSelfAuthorizer<TRequest>(AgentAccess access) : IAuthorizer<TRequest>
    where TRequest : IAgentRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.AuthorizeClaims(request.AgentId));
}
