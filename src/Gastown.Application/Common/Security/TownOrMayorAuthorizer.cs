namespace Gastown.Application.Common.Security;

/// <summary>
/// The authorizer of every <see cref="ITownOrMayorRequest"/>: a signed-in user must own the town (else 404, like a
/// missing one); an agent must be the mayor of that very town, in its current session (another agent or another town →
/// 403, a replaced session → 409).
/// </summary>
public sealed class TownOrMayorAuthorizer<TRequest>(ICurrentActor current, ResourceAccess users, AgentAccess agents) : IAuthorizer<TRequest>
    where TRequest : ITownOrMayorRequest
{
    public async ValueTask<Result> AuthorizeAsync(TRequest request, CancellationToken cancellationToken)
    {
        if (current.Actor is not { Kind: ActorKind.Agent, Agent: { } claims }) return await users.OwnsTownAsync(request.TownId, cancellationToken);
        var mayor = await agents.AuthorizeMayorAsync(claims.AgentId, null, cancellationToken);
        if (!mayor.IsSuccess) return mayor;
        return claims.TownId == request.TownId ? Result.Success() : Result.Forbidden("That town is not this mayor's town.");
    }
}
