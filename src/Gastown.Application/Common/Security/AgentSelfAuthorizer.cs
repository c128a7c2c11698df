namespace Gastown.Application.Common.Security;

/// <summary>
/// The authorizer of every <see cref="IAgentRequest"/> (the agent plane): the token's claims only. The handler checks
/// the generation in its own transaction (<see cref="AgentAccess.OpenAsync"/>), so the call opens the agent's store once.
/// </summary>
public sealed class AgentSelfAuthorizer<TRequest>(AgentAccess access) : IAuthorizer<TRequest>
    where TRequest : IAgentRequest
{
    public ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(access.AuthorizeClaims(request.AgentId));
}
