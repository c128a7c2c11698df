namespace Gastown.Application.Common.Security;

public enum ActorKind { Anonymous, User, Agent, System }
