namespace Gastown.Application.Common.Security;

public enum ActorKind { Anonymous, User, Agent, System }

/// <summary>What an agent's session token proves: which agent, in which store and town, for whom, which dispatch.</summary>
public sealed record AgentClaims(Guid AgentId, Guid StoreId, Guid TownId, Guid UserId, int Generation);

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

/// <summary>The actor of the current scope (an HTTP request, a job run).</summary>
public interface ICurrentActor
{
    Actor Actor { get; }
}

/// <summary>Scoped holder set once per scope by whoever opened it (authentication middleware, a job).</summary>
public sealed class ActorContext : ICurrentActor
{
    public Actor Actor { get; private set; } = Actor.Anonymous;

    public void Set(Actor actor) => Actor = actor;
}
