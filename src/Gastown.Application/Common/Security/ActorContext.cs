namespace Gastown.Application.Common.Security;

/// <summary>Scoped holder set once per scope by whoever opened it (authentication middleware, a job).</summary>
public sealed class ActorContext : ICurrentActor
{
    public Actor Actor { get; private set; } = Actor.Anonymous;

    public void Set(Actor actor) => Actor = actor;
}
