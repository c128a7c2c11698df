namespace Gastown.Application.Common.Security;

/// <summary>
/// Who sends a request. Dashboard users and agent processes are different planes: a user is never an agent and an
/// agent is never a user. Background jobs act as <see cref="System"/>.
/// </summary>
public sealed record Actor(ActorKind Kind, Guid? UserId = null, AgentClaims? Agent = null)
{
    public static readonly Actor Anonymous = new(ActorKind.Anonymous);
    public static readonly Actor System = new(ActorKind.System);

    public static Actor ForUser(Guid userId) => new(ActorKind.User, userId);

    public static Actor ForAgent(AgentClaims claims) => new(ActorKind.Agent, claims.UserId, claims);
}
